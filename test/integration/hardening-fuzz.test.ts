/**
 * Bad input, fuzzed with seeded generators (fixed seeds and a fresh one, each printed; CONDUIT_FUZZ_SEED
 * replays one):
 * raw HTTP requests against a runtime in its own process over a real socket, and broken artifacts fed
 * to the model, the runtime's deploy, `conduit validate` and the language server. Nothing may crash
 * or hang; every answer is a normal one or an error the client can read. Hangs are caught by guards
 * that fail the test (a killed process, a request that never completes), never by timing assertions.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readArtifact } from '../../src/model/artifacts';
import { loadProject } from '../../src/model/project';
import { validateProject } from '../../src/model/validate';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime } from '../../src/runtime/runtime';
import { fuzzSeeds, randomRequest, Rng, SYNAPSE_NS as NS, writeProject, type RandomRequest } from '../helpers/fuzz';
import { LspClient } from '../helpers/lsp-client';
import { CLI, ensureCli, ROOT, startRuntime } from '../helpers/runtime-process';

const MiB = 1024 * 1024;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Sends one request byte for byte (fetch would normalise the odd paths and methods away) and reads the
 * answer until the server closes. A request that gets no complete answer within `guardMs` fails.
 */
function rawRequest(port: number, req: RandomRequest, guardMs = 20_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    const head =
      `${req.method} ${req.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n` +
      Object.entries(req.headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      (req.headers['Content-Length'] === undefined ? `Content-Length: ${body.length}\r\n` : '') +
      '\r\n';
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${guardMs} ms to ${req.method} ${req.path.slice(0, 80)}`));
    }, guardMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {}); // the server may close while we still write a refused body
    socket.on('close', () => {
      clearTimeout(guard);
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(all.subarray(0, Math.max(0, split)).toString('latin1'));
      if (!m) return reject(new Error(`no HTTP answer to ${req.method} ${req.path.slice(0, 80)}: ${JSON.stringify(all.subarray(0, 200).toString('latin1'))}`));
      const headers: Record<string, string> = {};
      for (const line of all.subarray(0, split).toString('latin1').split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(m[1]), headers, body: all.subarray(split + 4) });
    });
    socket.write(head);
    socket.end(body);
  });
}

/** VmRSS of a process, in bytes, from /proc. */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** An answer Conduit wrote itself must be its JSON error; anything else is the flow's normal answer. */
function checkAnswer(req: RandomRequest, a: RawAnswer): void {
  const what = `${req.method} ${req.path.slice(0, 80)} → ${a.status} ${a.body.subarray(0, 200).toString('utf8')}`;
  assert.ok(a.status >= 100 && a.status <= 599, what);
  if (a.status >= 400 && a.body.length > 0 && (a.headers['content-type'] ?? '').startsWith('application/json')) {
    const parsed = JSON.parse(a.body.toString('utf8'));
    if (parsed.error && typeof parsed.error === 'object') assert.match(parsed.error.code, /^CONDUIT_[A-Z_]+$/, what);
  }
  assert.ok(!a.body.toString('latin1').includes('root:x:0:0'), `an external entity was expanded: ${what}`);
}

const HTTP_PROJECT = {
  'pom.xml': '<project><artifactId>fuzz</artifactId><version>1.0.0</version></project>',
  'src/main/wso2mi/artifacts/message-stores/Fuzz.xml': `<messageStore name="Fuzz" class="org.conduit.store.EmbeddedStore" ${NS}/>`,
  'src/main/wso2mi/artifacts/apis/F.xml': `<api name="F" context="/f" ${NS}>
    <resource methods="POST PUT GET DELETE PATCH HEAD OPTIONS" uri-template="/echo*"><inSequence><respond/></inSequence></resource>
    <resource methods="POST" uri-template="/read"><inSequence>
      <log level="full"/>
      <property name="x" expression="json-eval($.a)"/>
      <property name="y" expression="count(//*)"/>
      <payloadFactory media-type="json"><format>{"x":"$1","y":"$2"}</format><args><arg evaluator="xml" expression="get-property('x')"/><arg evaluator="xml" expression="get-property('y')"/></args></payloadFactory>
      <respond/>
    </inSequence><faultSequence/></resource>
    <resource methods="POST" uri-template="/store"><inSequence><store messageStore="Fuzz"/><respond/></inSequence><faultSequence/></resource>
  </api>`,
};

const LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
  ']><lolz>&lol9;</lolz>';
const XXE = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>';

test('HTTP fuzz over a real socket: the runtime never crashes, stays bounded in memory and answers every request', { timeout: 300_000 }, async (t) => {
  const seeds = fuzzSeeds();
  const dir = writeProject(mkdtempSync(join(tmpdir(), 'conduit-fuzz-')), HTTP_PROJECT);
  const rt = await startRuntime(dir);
  t.after(async () => {
    await rt.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const port = Number(new URL(rt.url).port);
  const pid = rt.proc.pid!;
  const rssStart = rssOf(pid);

  const N = 10_000;
  const special: Array<[RandomRequest, (a: RawAnswer) => void]> = [
    [{ method: 'POST', path: '/f/echo', headers: { 'Content-Type': 'application/json' }, body: `"${'x'.repeat(11 * MiB)}"` }, (a) => assert.equal(a.status, 413)],
    [{ method: 'POST', path: '/f/echo', headers: { 'Content-Type': 'application/json', 'Content-Length': String(10 ** 12) }, body: '{}' }, (a) => assert.equal(a.status, 413)],
    [{ method: 'POST', path: '/f/read', headers: { 'Content-Type': 'application/json' }, body: '['.repeat(100_000) + ']'.repeat(100_000) }, (a) => assert.equal(a.status, 400)],
    [{ method: 'POST', path: '/f/read', headers: { 'Content-Type': 'application/json' }, body: '{"a":'.repeat(N) + '1' + '}'.repeat(N) }, (a) => assert.equal(a.status, 400)],
    [{ method: 'POST', path: '/f/read', headers: { 'Content-Type': 'application/xml' }, body: '<a>'.repeat(100_000) + '</a>'.repeat(100_000) }, (a) => assert.equal(a.status, 400)],
    [{ method: 'POST', path: '/f/echo', headers: { 'Content-Type': 'application/xml' }, body: '<a>'.repeat(999) + '</a>'.repeat(999) }, (a) => assert.equal(a.status, 200)],
    [{ method: 'POST', path: '/f/read', headers: { 'Content-Type': 'application/xml' }, body: '<a>'.repeat(999) + '</a>'.repeat(999) }, () => {}],
    [{ method: 'POST', path: '/f/read', headers: { 'Content-Type': 'application/xml' }, body: LAUGHS }, (a) => assert.ok(a.status === 400 || a.status === 200, String(a.status))],
    [{ method: 'POST', path: '/f/read', headers: { 'Content-Type': 'application/xml' }, body: XXE }, (a) => assert.ok(a.status === 400 || a.status === 200, String(a.status))],
    [{ method: 'POST', path: '/f/store', headers: { 'Content-Type': 'application/xml' }, body: '<a>not closed' }, (a) => assert.equal(a.status, 400)],
    [{ method: 'POST', path: '/f/read', headers: { 'Content-Type': 'text/plain' }, body: '{"a":1}' }, (a) => assert.ok(a.status < 600)],
    [{ method: 'GET', path: '/f/echo/%', headers: {}, body: '' }, () => {}],
    [{ method: 'GET', path: '/f/echo?a=%E0%A4%A', headers: {}, body: '' }, () => {}],
    [{ method: 'GET', path: '/%ff/f/echo', headers: {}, body: '' }, () => {}],
    [{ method: 'GET', path: '/f/echo', headers: { 'X-Huge': 'h'.repeat(64 * 1024) }, body: '' }, (a) => assert.equal(a.status, 431)],
  ];
  for (const [req, expect] of special) {
    const a = await rawRequest(port, req);
    checkAnswer(req, a);
    expect(a);
  }

  let sent = special.length;
  for (const seed of seeds) {
    t.diagnostic(`seed ${seed} (CONDUIT_FUZZ_SEED=${seed} replays it)`);
    const rng = new Rng(seed);
    const requests = Array.from({ length: 400 }, () => randomRequest(rng));
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const req = requests[next++];
        try {
          checkAnswer(req, await rawRequest(port, req));
        } catch (err) {
          throw new Error(`seed ${seed}: ${(err as Error).message}`, { cause: err });
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    sent += requests.length;
  }

  assert.equal(rt.proc.exitCode, null, 'the runtime is still running');
  assert.equal(rt.proc.signalCode, null);
  const rssEnd = rssOf(pid);
  t.diagnostic(`runtime RSS ${(rssStart / MiB).toFixed(0)} MiB at start, ${(rssEnd / MiB).toFixed(0)} MiB after ${sent} requests`);
  assert.ok(rssEnd < 600 * MiB, `RSS ${rssEnd} stays bounded`);
  // still serving normally
  const ok = await rawRequest(port, { method: 'POST', path: '/f/echo', headers: { 'Content-Type': 'application/json' }, body: '{"still":"here"}' });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.toString(), '{"still":"here"}');
  assert.doesNotMatch(rt.output(), /FATAL|uncaught|Unhandled/i);
});

/** Broken artifacts, each a file of an MI project. */
function nastyArtifacts(rng: Rng, tag: string): Record<string, string> {
  const valid = `<api name="Valid" context="/valid" ${NS}><resource methods="GET"><inSequence><log level="full"/><respond/></inSequence></resource></api>`;
  const files: Record<string, string> = {
    'apis/Malformed.xml': `<api name="Malformed" context="/m" ${NS}><resource methods="GET"><inSequence><log></inSequence></api>`,
    'apis/Laughs.xml': LAUGHS.replace('<lolz>&lol9;</lolz>', `<api name="Laughs" context="/l" ${NS}><resource methods="GET"><inSequence><log description="&lol9;"/></inSequence></resource></api>`).replace('lolz [', 'api ['),
    'apis/Xxe.xml': XXE.replace('<a>&xxe;</a>', `<api name="Xxe" context="/&xxe;" ${NS}><resource methods="GET"><inSequence><log description="&xxe;"/></inSequence></resource></api>`).replace('DOCTYPE a', 'DOCTYPE api'),
    'apis/Deep.xml': `<api name="Deep" context="/d" ${NS}><resource methods="GET"><inSequence>${'<filter regex="x" source="$body"><then>'.repeat(5000)}${'</then></filter>'.repeat(5000)}</inSequence></resource></api>`,
    'sequences/Huge.xml': `<sequence name="Huge" ${NS}><log description="${'x'.repeat(10 * MiB)}"/></sequence>`,
    'message-stores/Store.xml': `<messageStore name="Store" ${NS}/>`,
    'message-processors/Absurd.xml': `<messageProcessor name="Absurd" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="Store" ${NS}>
      <parameter name="interval">-5</parameter><parameter name="concurrency">1e308</parameter><parameter name="sequence">Huge</parameter>
      <parameter name="cronExpression">* * * * * * * * *</parameter><parameter name="is.active">maybe</parameter></messageProcessor>`,
    'message-processors/Absurd2.xml': `<messageProcessor name="Absurd2" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="Store" targetEndpoint="Ep" ${NS}>
      <parameter name="interval">1e308</parameter><parameter name="max.delivery.attempts">99999999999999999999999</parameter><parameter name="client.retry.interval">NaN</parameter></messageProcessor>`,
    'endpoints/Ep.xml': `<endpoint name="Ep" ${NS}><http method="post" uri-template="http://127.0.0.1:1/{uri.var.x"><timeout><duration>1e308</duration></timeout><suspendOnFailure><initialDuration>-1e308</initialDuration><progressionFactor>Infinity</progressionFactor></suspendOnFailure></http></endpoint>`,
    'apis/Valid.xml': valid,
  };
  // seeded mutations of a valid artifact: cut, duplicate or splice in odd characters
  for (let i = 0; i < 60; i++) {
    let s = valid;
    for (let k = rng.int(1, 4); k > 0; k--) {
      const at = rng.int(0, s.length);
      const len = rng.int(0, 20);
      switch (rng.int(0, 2)) {
        case 0:
          s = s.slice(0, at) + s.slice(at + len);
          break;
        case 1:
          s = s.slice(0, at) + s.slice(at, at + len).repeat(rng.int(2, 50)) + s.slice(at);
          break;
        default:
          s = s.slice(0, at) + rng.string(len, '<>/="\'&;![]-{}$\u0000\ufffe\u00e9 ') + s.slice(at);
      }
    }
    files[`apis/Mutant${tag}_${i}.xml`] = s.replace('name="Valid"', `name="Mutant${tag}_${i}"`).replace('"/valid"', `"/mutant${tag}_${i}"`);
  }
  return files;
}

test('broken artifacts: the model, deploy, conduit validate and the language server report problems and never hang or crash', { timeout: 300_000 }, async (t) => {
  const seeds = fuzzSeeds();
  t.diagnostic(`seeds ${seeds.join(', ')} (CONDUIT_FUZZ_SEED=<seed> replays one)`);
  const files = Object.assign({}, ...seeds.map((seed) => nastyArtifacts(new Rng(seed), `S${seed}`))) as Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'conduit-fuzz-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeProject(dir, { 'pom.xml': '<project><artifactId>nasty</artifactId><version>1.0.0</version></project>' });
  for (const [name, text] of Object.entries(files)) writeProject(dir, { [`src/main/wso2mi/artifacts/${name}`]: text });
  const noSecrets = (text: string, where: string) => assert.ok(!text.includes('root:x:0:0'), `${where} expanded an external entity`);

  // every file on its own through the reader
  for (const [name, text] of Object.entries(files)) {
    const { problems } = readArtifact(join(dir, name), text);
    noSecrets(JSON.stringify(problems), name);
  }
  for (const name of ['apis/Malformed.xml', 'apis/Laughs.xml', 'apis/Xxe.xml']) {
    assert.ok(readArtifact(name, files[name]).problems.some((p) => p.severity === 'error'), `${name} is reported`);
  }

  // the whole project through loadProject and validateProject
  const project = await loadProject(dir);
  const problems = validateProject(project);
  noSecrets(JSON.stringify(problems), 'validateProject');
  const codes = new Set<string>(problems.map((p) => p.code));
  for (const code of ['CONDUIT_XML_MALFORMED', 'CONDUIT_PARAMETER_INVALID']) assert.ok(codes.has(code), `${code} in ${[...codes].join(', ')}`);
  assert.ok(problems.some((p) => p.file?.endsWith('Absurd.xml') && /interval|-5/.test(p.message)), 'interval=-5 is reported');

  // the runtime deploys what it can and refuses the rest
  const logger = new MemoryLogger();
  const runtime = createRuntime({ logger, port: 0, dataDir: join(dir, '.conduit', 'stores') });
  t.after(() => runtime.stop());
  const report = await runtime.deploy(project);
  noSecrets(logger.lines().join('\n'), 'deploy logs');
  assert.ok(report.deployed.includes('api:Valid'), 'the valid API deploys');
  assert.ok(report.failed.length > 0);
  for (const f of report.failed) assert.equal(f.code, 'CONDUIT_DEPLOY_FAILED');
  await runtime.stop();

  // conduit validate in its own process, killed (and failed) if it does not finish
  ensureCli();
  const cli = await new Promise<{ code: number | null; out: string; killed: boolean }>((resolve) => {
    const p = spawn(process.execPath, [CLI, 'validate', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let killed = false;
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const guard = setTimeout(() => {
      killed = true;
      p.kill('SIGKILL');
    }, 60_000);
    p.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, out, killed });
    });
  });
  assert.equal(cli.killed, false, 'conduit validate hung and was killed');
  assert.equal(cli.code, 1, cli.out.slice(-2000));
  assert.match(cli.out, /Malformed\.xml:\d+:\d+: error CONDUIT_XML_MALFORMED/);
  noSecrets(cli.out, 'conduit validate');

  // the language server as shipped, over stdio
  const serverJs = join(ROOT, 'dist', 'server.js');
  if (!existsSync(serverJs)) {
    if (process.env.CI === 'true') assert.fail('dist/server.js is missing; build first');
    t.diagnostic('dist/server.js is missing (run node scripts/build.mjs); the language server part was skipped');
    return;
  }
  const client = LspClient.spawn(serverJs);
  const exited = new Promise<number | null>((resolve) => client.child!.once('exit', (code) => resolve(code)));
  t.after(() => client.close());
  let crashed = false;
  void exited.then(() => (crashed = true));
  const guard = <T>(p: Promise<T>, what: string) =>
    Promise.race([p, exited.then((code) => Promise.reject(new Error(`the language server exited (${code}) during ${what}`))), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the language server did not answer ${what} within 60 s`)), 60_000).unref())]);
  await guard(client.initialize(dir), 'initialize');
  for (const name of ['apis/Malformed.xml', 'apis/Laughs.xml', 'apis/Xxe.xml', 'apis/Deep.xml', 'message-processors/Absurd.xml', ...seeds.map((seed) => `apis/MutantS${seed}_0.xml`)]) {
    const path = join(dir, 'src/main/wso2mi/artifacts', name);
    await client.open(path, files[name]);
    // an edit (a trailing newline) makes the server check the text again and publish
    const next = client.nextDiagnostics(path);
    await client.change(path, files[name] + '\n');
    const diagnostics = await guard(next, `diagnostics of ${name}`);
    noSecrets(JSON.stringify(diagnostics), `diagnostics of ${name}`);
    if (name !== 'apis/Deep.xml' && !name.startsWith('apis/Mutant')) assert.ok(diagnostics.length > 0, `${name} has diagnostics`);
  }
  const huge = join(dir, 'src/main/wso2mi/artifacts/sequences/Huge.xml');
  await client.open(huge, files['sequences/Huge.xml']);
  const next = client.nextDiagnostics(huge);
  await client.change(huge, files['sequences/Huge.xml'] + '\n');
  await guard(next, 'diagnostics of the 10 MB attribute');
  assert.equal(crashed, false);
});
