// The built server (dist/server.js) over stdio, as VS Code runs it: it loads the project, publishes
// diagnostics with codes and follows edits.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LspClient } from '../helpers/lsp-client';

const ROOT = join(__dirname, '..', '..');
const BROKEN = join(ROOT, 'test', 'fixtures', 'lsp', 'broken');
const ARTIFACTS = join(BROKEN, 'src', 'main', 'wso2mi', 'artifacts');
let client: LspClient;

before(() => {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  assert.equal(build.status, 0, 'build failed');
  client = LspClient.spawn(join(ROOT, 'dist', 'server.js'));
});
after(() => client?.close());

test('diagnostics over stdio, then an edit that fixes a reference', { timeout: 30_000 }, async () => {
  const loaded = await client.initialize(BROKEN);
  assert.equal(loaded.root, BROKEN);
  const api = join(ARTIFACTS, 'apis', 'BrokenAPI.xml');
  const codes = client.diagnosticsOf(api).map((d) => d.code);
  assert.ok(codes.includes('CONDUIT_REFERENCE_UNRESOLVED') && codes.includes('CONDUIT_SCHEMA_UNKNOWN_ELEMENT'), codes.join());

  const processor = join(ARTIFACTS, 'message-processors', 'BadProcessor.xml');
  const text = readFileSync(processor, 'utf8');
  const next = client.nextDiagnostics(processor);
  await client.open(processor, text.replace('<parameter name="interval">fast</parameter>', '<parameter name="interval">1000</parameter><parameter name="sequence">LoopA</parameter>').replace('intervall', 'concurrency'));
  // Fixed, the processor is valid; only its store's custom class keeps the runtime from deploying it.
  assert.deepEqual(
    (await next).map((d) => `${d.severity === 2 ? 'warning' : 'error'} ${d.code} ${d.message}`),
    ["warning CONDUIT_REFERENCE_UNRESOLVED message processor BadProcessor: message store 'CustomStore' is not deployed"],
  );
});
