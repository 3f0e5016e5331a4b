/**
 * One artifact must not cost the language server its diagnostics for the others: a file nested 5,000
 * filters deep is checked to the bottom, and a file whose checking fails (a defect in Conduit, injected
 * here) gets one internal-error diagnostic while every other file keeps its own, at load and on edits.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DefinitionRequest, DiagnosticSeverity, type Diagnostic, type Location } from 'vscode-languageserver-protocol/node';
import { ELEMENTS, type ElementSpec } from '../../src/model/validate/schema';
import { LineIndex } from '../../src/model/xml';
import { SYNAPSE_NS, writeProject } from '../helpers/fuzz';
import { LspClient, uriOf } from '../helpers/lsp-client';

const ARTIFACTS = join('src', 'main', 'wso2mi', 'artifacts');

/** A project of these artifacts (paths under the artifacts folder), removed when the test ends. */
function project(t: TestContext, artifacts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-ls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeProject(dir, { 'pom.xml': '<project><artifactId>resilience</artifactId><version>1.0.0</version></project>' });
  for (const [name, text] of Object.entries(artifacts)) writeProject(dir, { [join(ARTIFACTS, name)]: text });
  return dir;
}

/** Code, line and message of each diagnostic, in order. */
const described = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.range.start.line} ${d.message}`).sort();

test('an artifact nested 5,000 filters deep is checked to the bottom, when loaded and when edited', async (t) => {
  const depth = 5000;
  const deep = (missing: string) =>
    `<api name="Deep" context="/deep" ${SYNAPSE_NS}><resource methods="GET"><inSequence>\n${'<filter regex="x" source="$body"><then>\n'.repeat(depth)}` +
    `<sequence key="${missing}"/><sequence key="Seq"/><lgo/>\n${'</then></filter>\n'.repeat(depth)}</inSequence></resource></api>`;
  const dir = project(t, { 'apis/Deep.xml': deep('Missing'), 'sequences/Seq.xml': `<sequence name="Seq" ${SYNAPSE_NS}><log/></sequence>` });
  const path = join(dir, ARTIFACTS, 'apis', 'Deep.xml');
  const bottom = depth + 1;
  const client = LspClient.inProcess();
  t.after(() => client.close());
  await client.initialize(dir);
  assert.deepEqual(described(client.diagnosticsOf(path)), [
    `CONDUIT_REFERENCE_UNRESOLVED ${bottom} there is no sequence named 'Missing' in the project`,
    `CONDUIT_SCHEMA_UNKNOWN_ELEMENT ${bottom} <lgo> is not a mediator Conduit knows (in <then>)`,
  ]);

  const edited = client.nextDiagnostics(path);
  await client.open(path, deep('Missing'));
  await client.change(path, deep('Nowhere'));
  assert.deepEqual(described(await edited).slice(0, 1), [`CONDUIT_REFERENCE_UNRESOLVED ${bottom} there is no sequence named 'Nowhere' in the project`]);

  const text = deep('Nowhere');
  const at = new LineIndex(text).position(text.indexOf('key="Seq"') + 'key="'.length);
  const target = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(path) }, position: { line: at.line, character: at.column } })) as Location | null;
  assert.match(target?.uri ?? '', /Seq\.xml$/);
});

test('a file whose checking fails gets one internal error, and every other file keeps its diagnostics', async (t) => {
  // The defect: the log mediator's spec fails when asked about an attribute that only Faulty.xml writes.
  const log = ELEMENTS.log as { attrs: ElementSpec['attrs'] };
  const attrs = log.attrs;
  log.attrs = new Proxy(attrs, {
    get: (target, key) => {
      if (key === 'trips') throw new Error('an injected defect');
      return Reflect.get(target, key);
    },
  });
  t.after(() => (log.attrs = attrs));

  const faulty = (attribute: string) => `<sequence name="Faulty" ${SYNAPSE_NS}><log ${attribute}="x"/><sequence key="LoopA"/></sequence>`;
  const good = (missing: string) => `<api name="Good" context="/good" ${SYNAPSE_NS}><resource methods="GET"><inSequence><sequence key="${missing}"/><sequence key="Faulty"/></inSequence></resource></api>`;
  const dir = project(t, {
    'apis/Good.xml': good('Missing'),
    'sequences/Faulty.xml': faulty('trips'),
    'sequences/LoopA.xml': `<sequence name="LoopA" ${SYNAPSE_NS}><sequence key="LoopB"/></sequence>`,
    'sequences/LoopB.xml': `<sequence name="LoopB" ${SYNAPSE_NS}><sequence key="LoopA"/></sequence>`,
  });
  const file = (name: string) => join(dir, ARTIFACTS, name);
  const codes = (name: string) => client.diagnosticsOf(file(name)).map((d) => d.code);
  const client = LspClient.inProcess();
  t.after(() => client.close());
  await client.initialize(dir);

  const internal = client.diagnosticsOf(file('sequences/Faulty.xml'));
  assert.deepEqual(internal.map((d) => [d.code, d.severity]), [['CONDUIT_INTERNAL_ERROR', DiagnosticSeverity.Error]]);
  assert.match(internal[0]!.message as string, /an injected defect/);
  assert.deepEqual(codes('apis/Good.xml'), ['CONDUIT_REFERENCE_UNRESOLVED']);
  assert.deepEqual(codes('sequences/LoopA.xml'), ['CONDUIT_SEQUENCE_CYCLE']);
  assert.deepEqual(codes('sequences/LoopB.xml'), ['CONDUIT_SEQUENCE_CYCLE']);

  // Edits to another file are checked and published as usual.
  const goodAgain = client.nextDiagnostics(file('apis/Good.xml'));
  await client.open(file('apis/Good.xml'), good('Missing'));
  await client.change(file('apis/Good.xml'), good('Nowhere'));
  assert.deepEqual((await goodAgain).map((d) => d.message), ["there is no sequence named 'Nowhere' in the project"]);

  // The faulty file itself: the internal error while the defect is met, its own problems once it is not.
  const path = file('sequences/Faulty.xml');
  await client.open(path, faulty('trips'));
  const still = client.nextDiagnostics(path);
  await client.change(path, `${faulty('trips')}\n`);
  assert.deepEqual((await still).map((d) => d.code), ['CONDUIT_INTERNAL_ERROR']);
  const recovered = client.nextDiagnostics(path);
  await client.change(path, faulty('level'));
  assert.deepEqual((await recovered).map((d) => d.code), ['CONDUIT_SCHEMA_INVALID_VALUE']);
});
