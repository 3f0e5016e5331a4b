/**
 * An editor restored from the last session opens its files the moment the language server starts, while
 * the server is still building the project's index. Nothing may be reported then that the index would
 * contradict: a correct file shows no error at any moment, with the CPUs busy as they are at start-up.
 * The server's order of work guarantees it, not its speed: nothing that needs the index is published
 * before the index is built, and every file's full diagnostics are published before the loaded project
 * is announced, so all that this test looks at has arrived once initialize() resolves.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DefinitionRequest, DiagnosticSeverity, type Location, type Position } from 'vscode-languageserver-protocol/node';
import { loadProject } from '../../src/model/project';
import { validateProject } from '../../src/model/validate';
import { LineIndex } from '../../src/model/xml';
import { LspClient, uriOf } from '../helpers/lsp-client';
import { referenceProject } from '../helpers/reference';
import { ROOT } from '../helpers/runtime-process';

/** Busy loops, one per core, so the server's start-up competes for the CPU; stopped when the test ends. */
function busyCpus(): () => void {
  const loops = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return () => loops.forEach((p) => p.kill('SIGKILL'));
}

function positionOf(text: string, needle: string): Position {
  const p = new LineIndex(text).position(text.indexOf(needle) + 1);
  return { line: p.line, character: p.column };
}

async function openedAtStartUp(t: TestContext, project: string, api: string): Promise<void> {
  const serverJs = join(ROOT, 'dist', 'server.js');
  if (!existsSync(serverJs)) {
    if (process.env.CI === 'true') assert.fail('dist/server.js is missing; build first');
    return t.skip('dist/server.js is missing (node scripts/build.mjs builds it)');
  }
  const text = readFileSync(api, 'utf8');
  // The file names endpoints and a message store in other files: before the index is built, each would be "unresolved".
  assert.match(text, /key="QueryDoctorEP"/);
  const full = validateProject(await loadProject(project))
    .filter((p) => p.file === api)
    .map((p) => `${p.code} ${p.message}`);

  const stopBusy = busyCpus();
  t.after(stopBusy);
  const client = LspClient.spawn(serverJs);
  t.after(() => client.close());
  await client.initialize(project, undefined, () => client.open(api, text));
  const published = client.published.filter((p) => p.uri === uriOf(api)).map((p) => p.diagnostics);
  // The index was complete when the last of them was made: the reference resolves.
  const target = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(api) }, position: positionOf(text, 'QueryDoctorEP') })) as Location | null;
  stopBusy();

  t.diagnostic(`${published.length} diagnostics published for the file up to the loaded project, on ${availableParallelism()} busy cores`);
  assert.ok(published.length > 0, 'diagnostics were published for the file');
  published.forEach((diagnostics, i) => {
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), [], `publish ${i + 1} of ${published.length}`);
  });
  assert.deepEqual(published.at(-1)!.map((d) => `${d.code} ${d.message}`), full, 'the last is the full set, as conduit validate sees the file');
  assert.match(target?.uri ?? '', /QueryDoctorEP\.xml$/);
}

test('tutorial 5: HealthcareAPI.xml opened while the server loads the project never shows an error, even for a moment', async (t) => {
  const project = referenceProject(t, 5);
  if (!project) return;
  await openedAtStartUp(t, project, join(project, 'SampleServicesConfigs', 'src', 'main', 'synapse-config', 'api', 'HealthcareAPI.xml'));
});

test('samples/healthcare: HealthcareAPI.xml opened while the server loads the project never shows an error, even for a moment', async (t) => {
  const project = join(ROOT, 'samples', 'healthcare');
  await openedAtStartUp(t, project, join(project, 'src', 'main', 'wso2mi', 'artifacts', 'apis', 'HealthcareAPI.xml'));
});
