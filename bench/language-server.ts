// Language server performance on a generated project of 1,000 artifacts (APIs, sequences, endpoints,
// stores and processors referencing each other), measured over stdio against dist/server.js:
//   - time from initialize to the first full set of diagnostics (target < 1 s)
//   - median time from an edit to its re-published diagnostics (target < 50 ms)
//   - server memory, RSS (target < 150 MB)
// Run: npm run bench:lsp
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspClient } from '../test/helpers/lsp-client';

const ROOT = join(__dirname, '..');
const GROUPS = 200; // × 5 kinds = 1,000 artifacts
const EDITS = 60;
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

function generate(dir: string): void {
  const base = join(dir, 'src', 'main', 'wso2mi', 'artifacts');
  const folders = { apis: [] as string[], endpoints: [], sequences: [], 'message-stores': [], 'message-processors': [] } as Record<string, string[]>;
  for (const f of Object.keys(folders)) mkdirSync(join(base, f), { recursive: true });
  writeFileSync(join(dir, 'pom.xml'), '<project><artifactId>bench</artifactId><version>1.0.0</version></project>');
  const w = (folder: string, name: string, xml: string) => writeFileSync(join(base, folder, `${name}.xml`), `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`);
  for (let i = 0; i < GROUPS; i++) {
    const next = (i + 1) % GROUPS;
    w('endpoints', `EP${i}`, `<endpoint name="EP${i}" ${NS}>\n    <http method="post" uri-template="http://localhost:9090/svc${i}/{uri.var.id}"/>\n</endpoint>`);
    w('sequences', `Seq${i}`, `<sequence name="Seq${i}" ${NS}>\n    <log level="full"/>\n    <call>\n        <endpoint key="EP${next}"/>\n    </call>\n    <drop/>\n</sequence>`);
    w('message-stores', `Store${i}`, `<messageStore name="Store${i}" ${NS}/>`);
    w(
      'message-processors',
      `Proc${i}`,
      `<messageProcessor class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="Store${i}" name="Proc${i}" ${NS}>\n    <parameter name="sequence">Seq${i}</parameter>\n    <parameter name="interval">1000</parameter>\n</messageProcessor>`,
    );
    w(
      'apis',
      `API${i}`,
      `<api context="/api${i}" name="API${i}" ${NS}>
    <resource methods="POST" uri-template="/orders/{id}">
        <inSequence>
            <property expression="json-eval($.customer)" name="customer" scope="default" type="STRING"/>
            <switch source="get-property('customer')">
                <case regex="vip.*">
                    <log level="custom"><property expression="fn:concat('VIP ', get-property('customer'))" name="message"/></log>
                </case>
                <default><log level="simple"/></default>
            </switch>
            <call><endpoint key="EP${i}"/></call>
            <sequence key="Seq${i}"/>
            <store messageStore="Store${i}"/>
            <payloadFactory media-type="json">
                <format>{"id":"$1","status":"accepted"}</format>
                <args><arg evaluator="xml" expression="$ctx:uri.var.id"/></args>
            </payloadFactory>
            <respond/>
        </inSequence>
        <faultSequence/>
    </resource>
</api>`,
    );
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const dir = mkdtempSync(join(tmpdir(), 'conduit-bench-lsp-'));
  try {
    generate(dir);
    const client = LspClient.spawn(join(ROOT, 'dist', 'server.js'));
    const t0 = performance.now();
    const loaded = await client.initialize(dir);
    const firstDiagnostics = performance.now() - t0;
    const published = [...client.diagnostics.values()];
    const problems = published.reduce((n, d) => n + d.length, 0);
    if (loaded.artifacts !== GROUPS * 5 || published.length !== GROUPS * 5 || problems !== 0) {
      throw new Error(`expected ${GROUPS * 5} clean files, got ${loaded.artifacts} artifacts, ${published.length} published, ${problems} problems`);
    }
    const rssLoaded = rssMb(client.child!.pid!);

    const base = join(dir, 'src', 'main', 'wso2mi', 'artifacts');
    const bodyEdits: number[] = [];
    const renameEdits: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      // An edit inside one API: re-validates that file only.
      const api = join(base, 'apis', `API${i}.xml`);
      const apiText = readFileSync(api, 'utf8');
      await client.open(api, apiText);
      let next = client.nextDiagnostics(api);
      let t = performance.now();
      await client.change(api, apiText.replace('level="simple"', 'level="loud"'));
      const ds = await next;
      bodyEdits.push(performance.now() - t);
      if (ds.length !== 1) throw new Error(`expected one diagnostic after the edit, got ${ds.length}`);

      // Renaming an endpoint: re-validates the API and the sequence that reference it.
      const ep = join(base, 'endpoints', `EP${i}.xml`);
      const epText = readFileSync(ep, 'utf8');
      await client.open(ep, epText);
      next = client.nextDiagnostics(api);
      t = performance.now();
      await client.change(ep, epText.replace(`name="EP${i}"`, `name="Renamed${i}"`));
      await next;
      renameEdits.push(performance.now() - t);
    }
    const rssAfter = rssMb(client.child!.pid!);
    await client.close();

    const ms = (x: number) => `${x.toFixed(1)} ms`;
    console.log(`artifacts:                         ${loaded.artifacts}`);
    console.log(`first full diagnostics:            ${ms(firstDiagnostics)}   (target < 1000 ms)`);
    console.log(`re-validate after an edit, median: ${ms(median(bodyEdits))}   (p90 ${ms(bodyEdits.sort((a, b) => a - b)[Math.floor(EDITS * 0.9)])}; target < 50 ms)`);
    console.log(`rename an endpoint, median:        ${ms(median(renameEdits))}   (re-validates its dependents)`);
    console.log(`server RSS after load:             ${rssLoaded.toFixed(0)} MB   (target < 150 MB)`);
    console.log(`server RSS after ${EDITS * 2} edits:          ${rssAfter.toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
