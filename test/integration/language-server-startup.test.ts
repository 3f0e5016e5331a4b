/**
 * An editor restored from the last session opens its files the moment the language server starts, while
 * the server is still building the project's index. Nothing may be reported then that the index would
 * contradict: a correct file shows no error at any moment, with the CPUs busy as they are at start-up.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { LspClient, uriOf } from '../helpers/lsp-client';
import { referenceProject } from '../helpers/reference';
import { ROOT } from '../helpers/runtime-process';

/** Busy loops, one per core, so the server's start-up competes for the CPU; stopped when the test ends. */
function busyCpus(): () => void {
  const loops = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return () => loops.forEach((p) => p.kill('SIGKILL'));
}

test('a file opened while the server loads the project never shows an error, even for a moment', async (t) => {
  const project = referenceProject(t, 5);
  if (!project) return;
  const serverJs = join(ROOT, 'dist', 'server.js');
  if (!existsSync(serverJs)) {
    if (process.env.CI === 'true') assert.fail('dist/server.js is missing; build first');
    return t.skip('dist/server.js is missing (node scripts/build.mjs builds it)');
  }
  const api = join(project, 'SampleServicesConfigs', 'src', 'main', 'synapse-config', 'api', 'HealthcareAPI.xml');
  const text = readFileSync(api, 'utf8');
  // The file names endpoints and a message store in other files: before the index is built, each would be "unresolved".
  assert.match(text, /key="QueryDoctorEP"/);

  const stopBusy = busyCpus();
  t.after(stopBusy);
  const client = LspClient.spawn(serverJs);
  t.after(() => client.close());
  await client.initialize(project, undefined, () => client.open(api, text));
  // After the project loaded, an edit makes the server check the file once more and publish.
  const settled = client.nextDiagnostics(api);
  await client.change(api, `${text}\n`);
  await settled;
  stopBusy();

  const forFile = client.published.filter((p) => p.uri === uriOf(api));
  assert.ok(forFile.some((p) => p.afterLoad), 'the full diagnostics were published once the project loaded');
  for (const p of forFile) {
    const errors = p.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), [], `published ${p.afterLoad ? 'after' : 'before'} the project loaded`);
  }
});
