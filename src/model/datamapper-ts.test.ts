import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { rewritePropertyReads, tsDataMappers, typeCheckDataMapper } from './datamapper-ts';
import { loadProject } from './project';

const FIXTURE = join(__dirname, '..', '..', 'test', 'fixtures', 'mi44-datamapper');
const DM = '/_system/governance/mi-resources/datamapper';
const TS_DIR = join('src', 'main', 'wso2mi', 'resources', 'datamapper');

function copyFixture(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-dm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

test('a project with only X.ts gets the .dmc and both schemas MI\'s build writes, named as its artifact.xml lists them', async () => {
  const project = await loadProject(FIXTURE);
  assert.deepEqual(project.problems, []);
  const generated = [...project.registry.values()].filter((r) => r.generated);
  assert.deepEqual(
    generated.map((r) => `${r.path} ${r.artifactName} ${r.mediaType}`).sort(),
    ['ContactsCsv', 'OrderToInvoice', 'PersonCard', 'RosterCsv'].flatMap((n) => [
      `${DM}/${n}/${n}.dmc ${n} text/plain`,
      `${DM}/${n}/${n}_inputSchema.json ${n}_inputSchema application/json`,
      `${DM}/${n}/${n}_outputSchema.json ${n}_outputSchema application/json`,
    ]).sort(),
  );
  // Generated beside the source, where MI's build writes them; nothing is written to disk.
  const dmc = project.registry.get(`${DM}/PersonCard/PersonCard.dmc`)!;
  assert.equal(dmc.file, join(FIXTURE, TS_DIR, 'PersonCard', 'PersonCard.dmc'));
  assert.throws(() => readFileSync(dmc.file));
  const code = dmc.content.toString();
  assert.match(code, /^var DataMapper = /);
  assert.match(code, /\nfunction mapFunction\(input\) \{\n {4}return DataMapper\.mapFunction\(input\);\n\}\n/);
  // The comment naming the older engine's function and input variable gets that function too.
  assert.match(code, /\nfunction map_S_person_S_card\(\) \{\n {4}return mapFunction\(inputroot\);\n\}\n$/);
  assert.doesNotMatch(project.registry.get(`${DM}/OrderToInvoice/OrderToInvoice.dmc`)!.content.toString(), /function map_S_/);
  assert.deepEqual(JSON.parse(project.registry.get(`${DM}/PersonCard/PersonCard_inputSchema.json`)!.content.toString()), {
    $schema: 'http://wso2.org/json-schema/wso2-data-mapper-v5.0.0/schema#',
    type: 'object',
    title: 'person',
    properties: { first: { type: 'string' }, last: { type: 'string' }, city: { type: 'string' }, born: { type: 'number' } },
    inputType: 'XML',
  });
  // mapFunction takes an array of rows: the input schema is an array schema, without a title.
  assert.deepEqual(JSON.parse(project.registry.get(`${DM}/ContactsCsv/ContactsCsv_inputSchema.json`)!.content.toString()), {
    $schema: 'http://wso2.org/json-schema/wso2-data-mapper-v5.0.0/schema#',
    type: 'array',
    items: [{ type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' }, age: { type: 'string' } } }],
  });
  const invoice = JSON.parse(project.registry.get(`${DM}/OrderToInvoice/OrderToInvoice_outputSchema.json`)!.content.toString());
  assert.equal(invoice.title, 'Invoice');
  assert.deepEqual(invoice.properties.items, { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, amount: { type: 'number' } } } });
});

test('a project that was built keeps the files its build wrote', async (t) => {
  const dir = copyFixture(t);
  const built = join(dir, TS_DIR, 'PersonCard', 'PersonCard.dmc');
  writeFileSync(built, 'map_S_person_S_card = function () { return { built: true }; };');
  const project = await loadProject(dir);
  const dmc = project.registry.get(`${DM}/PersonCard/PersonCard.dmc`)!;
  assert.equal(dmc.generated, undefined);
  assert.equal(dmc.content.toString(), 'map_S_person_S_card = function () { return { built: true }; };');
  assert.equal(project.registry.get(`${DM}/PersonCard/PersonCard_inputSchema.json`)!.generated, true);
});

test('a mapping that does not compile is reported at its line in X.ts; its schemas are still made, its .dmc is not', async (t) => {
  const dir = copyFixture(t);
  const file = join(dir, TS_DIR, 'OrderToInvoice', 'OrderToInvoice.ts');
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes('reference: dmUtils.concat("INV-", input.orderId),'));
  lines[at] = lines[at].replace('input.orderId),', 'input.orderId)),');
  writeFileSync(file, lines.join('\n'));
  const project = await loadProject(dir);
  assert.deepEqual(
    project.problems.map((p) => ({ code: p.code, file: p.file, line: p.range?.start.line, column: p.range?.start.column, message: p.message })),
    [{ code: 'CONDUIT_DATAMAPPER_INVALID', file, line: at, column: lines[at].indexOf('input.orderId)),') + 'input.orderId)'.length, message: 'the data mapping OrderToInvoice does not compile: Expected "}" but found ")"' }],
  );
  assert.equal(project.registry.has(`${DM}/OrderToInvoice/OrderToInvoice.dmc`), false);
  assert.equal(project.registry.get(`${DM}/OrderToInvoice/OrderToInvoice_inputSchema.json`)?.generated, true);
});

test('a mapping imports only files of its own folder', async (t) => {
  const dir = copyFixture(t);
  const file = join(dir, TS_DIR, 'PersonCard', 'PersonCard.ts');
  writeFileSync(file, readFileSync(file, 'utf8').replace('import * as dmUtils from "./dm-utils";', 'import * as dmUtils from "./dm-utils";\nimport * as fs from "fs";\nexport const files = fs;'));
  const project = await loadProject(dir);
  assert.deepEqual(
    project.problems.map((p) => `${p.code} ${p.range?.start.line}: ${p.message}`),
    ['CONDUIT_DATAMAPPER_INVALID 1: the data mapping PersonCard does not compile: fs cannot be imported: a data mapping imports only files of its own folder'],
  );
});

test('dmUtils.getPropertyValue calls read DM_PROPERTIES as MI\'s build rewrites them, keeping every line in place', () => {
  const src = 'a = dmUtils.getPropertyValue("default", "user.id");\nb = dmUtils . getPropertyValue(\n  "Transport" ,\n  "Accept" );\nc = dmUtils.getPropertyValue(x, "y");';
  const out = rewritePropertyReads(src);
  assert.equal(out, "a = DM_PROPERTIES.DEFAULT['user.id'];\nb = DM_PROPERTIES.TRANSPORT['Accept']\n\n;\nc = dmUtils.getPropertyValue(x, \"y\");");
  assert.equal(out.split('\n').length, src.split('\n').length);
});

test('the type check reports what tsc would: syntax errors first when asked, else type errors, in any file of the folder', async (t) => {
  const dir = copyFixture(t);
  const project = await loadProject(dir);
  const card = tsDataMappers(project.registry).find((m) => m.name === 'PersonCard')!;
  assert.deepEqual(typeCheckDataMapper(card, project.registry, { syntax: true }), []);
  const utils = project.registry.get(`${DM}/PersonCard/dm-utils.ts`)!;
  // An edit the editor has not saved: the registry holds the text the check sees.
  utils.content = Buffer.from(utils.content.toString().replace('return str.toUpperCase();', 'return str.toUpperCase() * 2;'));
  const typeErrors = typeCheckDataMapper(card, project.registry, { syntax: true });
  assert.deepEqual(
    typeErrors.map((p) => `${p.file}:${p.range?.start.line}:${p.range?.start.column} ${p.code} ${p.message}`),
    [
      `${utils.file}:11:4 CONDUIT_DATAMAPPER_INVALID the data mapping PersonCard: TS2322: Type 'number' is not assignable to type 'string'.`,
      `${utils.file}:11:11 CONDUIT_DATAMAPPER_INVALID the data mapping PersonCard: TS2362: The left-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.`,
    ],
  );
  card.source.content = Buffer.from(card.source.content.toString().replace('age: 2026 - input.born', 'age: 2026 - '));
  assert.deepEqual(
    typeCheckDataMapper(card, project.registry, { syntax: true }).map((p) => `${p.range?.start.line} ${p.message}`),
    // At the brace where the expression should have been, as tsc reports it.
    ['33 the data mapping PersonCard: TS1109: Expression expected.'],
  );
  // Without syntax, a mapping that does not parse is the bundler's to report.
  assert.deepEqual(typeCheckDataMapper(card, project.registry, { syntax: false }), []);
});
