/**
 * `npm run package` on a clean checkout of the committed tree (no dist/, no out/, nothing left behind by
 * other steps) makes a VSIX that holds what the extension loads: the three bundles, the Try It page, the
 * grammar and icons, and the embedded store's LevelDB addon, with every package it loads at run time and
 * a prebuilt binary for each platform the README names. The CLI is then run from the unpacked VSIX alone
 * on a project with an embedded store and an XSLT, so the package is shown to be complete, not only listed.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { readZip } from '../../src/model/car-reader';
import { writeProject } from '../helpers/fuzz';
import { ROOT, startRuntime, type RuntimeProcess } from '../helpers/runtime-process';

/** The platforms whose LevelDB binary the VSIX carries (README: "Installing the extension"). */
const PREBUILDS = ['linux-x64', 'linux-arm64', 'darwin-x64+arm64', 'win32-x64'];

/** The packages the bundles leave outside themselves and load from node_modules, with all they depend on. */
function runtimePackages(): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
  };
  for (const external of ['classic-level', 'xslt-processor', 'esbuild-wasm', 'typescript']) visit(external);
  return [...seen];
}

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const PROJECT = {
  'pom.xml': '<project><groupId>g</groupId><artifactId>packaged</artifactId><version>1.0.0</version></project>',
  'src/main/wso2mi/artifacts/message-stores/Disk.xml': `<messageStore name="Disk" class="org.conduit.store.EmbeddedStore" ${NS}/>`,
  'src/main/wso2mi/resources/registry/gov/xslt/wrap.xslt': `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
    <xsl:template match="/order"><wrapped><xsl:value-of select="@id"/></wrapped></xsl:template>
  </xsl:stylesheet>`,
  'src/main/wso2mi/artifacts/apis/P.xml': `<api name="P" context="/p" ${NS}>
    <resource methods="POST" uri-template="/store"><inSequence><store messageStore="Disk"/><respond/></inSequence><faultSequence/></resource>
    <resource methods="POST" uri-template="/wrap"><inSequence><xslt key="gov:xslt/wrap.xslt"/><respond/></inSequence><faultSequence/></resource>
    <resource methods="POST" uri-template="/map"><inSequence>
      <datamapper config="resources:datamapper/Greet/Greet.dmc" inputSchema="resources:datamapper/Greet/Greet_inputSchema.json" inputType="JSON" outputSchema="resources:datamapper/Greet/Greet_outputSchema.json" outputType="JSON"/>
      <respond/></inSequence><faultSequence/></resource>
  </api>`,
  // An MI 4.4 TypeScript data mapping, compiled by the packaged esbuild-wasm and read by the packaged TypeScript.
  'src/main/wso2mi/resources/datamapper/Greet/Greet.ts': `/**
 * inputType : "JSON",
 */
interface InputRoot { name: string }
/**
 * outputType : "JSON",
 */
interface OutputRoot { greeting: string }
export function mapFunction(input: InputRoot): OutputRoot {
    return { greeting: "Hello, " + input.name };
}
`,
};

test('npm run package on a clean checkout makes a complete VSIX', { timeout: 5 * 60_000 }, async (t) => {
  if (!existsSync(join(ROOT, '.git'))) return t.skip('not a git checkout');
  const dir = mkdtempSync(join(tmpdir(), 'conduit-package-'));
  let runtime: RuntimeProcess | undefined;
  t.after(async () => {
    await runtime?.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const clone = join(dir, 'conduit');
  execFileSync('git', ['clone', '-q', '--no-local', ROOT, clone]);
  for (const made of ['dist', 'out']) assert.equal(existsSync(join(clone, made)), false, `a clean checkout has no ${made}/`);
  // The installed packages are what `npm ci` would put there; hard links make the copy cheap.
  const copied = spawnSync('cp', ['-al', join(ROOT, 'node_modules'), join(clone, 'node_modules')]);
  if (copied.status !== 0) execFileSync('cp', ['-r', join(ROOT, 'node_modules'), join(clone, 'node_modules')]);

  const packaged = spawnSync('npm', ['run', 'package'], { cwd: clone, encoding: 'utf8' });
  assert.equal(packaged.status, 0, `${packaged.stdout}\n${packaged.stderr}`);
  const vsix = join(clone, 'out', 'conduit.vsix');
  const entries = await readZip(vsix);
  const names = [...entries.keys()];

  for (const file of ['dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/try-it-webview.js', 'dist/diagram-webview.js', 'package.json', 'readme.md']) {
    assert.ok(entries.has(`extension/${file}`), `the VSIX holds ${file}`);
  }
  assert.ok(names.some((n) => /^extension\/media\/.+\.css$/.test(n)), 'the VSIX holds the Try It style');
  assert.ok(names.some((n) => /^extension\/media\/.+\.svg$/.test(n)), 'the VSIX holds the icons');
  assert.ok(names.some((n) => /^extension\/syntaxes\/.+\.json$/.test(n)), 'the VSIX holds the grammar');
  for (const pkg of runtimePackages()) {
    assert.ok(entries.has(`extension/node_modules/${pkg}/package.json`), `the VSIX holds ${pkg}, which the runtime loads`);
  }
  for (const platform of PREBUILDS) {
    assert.ok(
      names.some((n) => n.startsWith(`extension/node_modules/classic-level/prebuilds/${platform}/`) && n.endsWith('.node')),
      `the VSIX holds the LevelDB binary for ${platform}`,
    );
  }
  assert.ok(!names.some((n) => n.includes('/src/') && n.endsWith('.ts')), 'no TypeScript sources are shipped');

  const unpacked = join(dir, 'unpacked');
  for (const [name, data] of entries) {
    const target = join(unpacked, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
  // The clone goes first, so nothing outside the unpacked VSIX is left for the CLI to load a module from.
  rmSync(clone, { recursive: true, force: true });
  const cli = join(unpacked, 'extension', 'dist', 'cli.js');
  const project = writeProject(join(dir, 'project'), PROJECT);
  runtime = await startRuntime(project, [], 30_000, cli);
  assert.match(runtime.output(), /, 0 refused/, runtime.output());

  const stored = await fetch(`${runtime.url}/p/store`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n":1}' });
  assert.equal(stored.status, 200, `${await stored.text()}\n${runtime.output()}`);
  const wrapped = await fetch(`${runtime.url}/p/wrap`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: '<order id="42"/>' });
  assert.match(await wrapped.text(), /<wrapped>42<\/wrapped>/, `the XSLT ran on the packaged xslt-processor\n${runtime.output()}`);
  const mapped = await fetch(`${runtime.url}/p/map`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"Ann"}' });
  assert.equal(await mapped.text(), '{"greeting":"Hello, Ann"}', `the TypeScript mapping ran from the packaged compilers\n${runtime.output()}`);
  const validated = spawnSync(process.execPath, [cli, 'validate', project], { encoding: 'utf8' });
  assert.equal(validated.status, 0, `the packaged TypeScript type-checks the mapping\n${validated.stdout}${validated.stderr}`);
  const sizes = spawnSync(process.execPath, [cli, 'stores', project, '--json'], { encoding: 'utf8' });
  assert.equal(sizes.status, 0, sizes.stderr);
  assert.deepEqual(
    JSON.parse(sizes.stdout).map((s: { name: string; size: number }) => [s.name, s.size]),
    [['Disk', 1]],
    'the message is in the LevelDB store the packaged addon opened',
  );
  assert.ok(existsSync(join(project, '.conduit', 'stores', 'Disk', 'CURRENT')), 'the store is a LevelDB database on disk');
});
