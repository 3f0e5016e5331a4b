/**
 * The MI 4.4 TypeScript data mapper (test/fixtures/mi44-datamapper): the project commits only each
 * mapping's X.ts and dm-utils.ts, as MI for VS Code writes them; the .dmc and schemas its datamapper
 * mediators name are generated as MI's build generates them. The runtime (the built CLI, a real
 * process) answers real HTTP requests with the mapped payloads: JSON to JSON, CSV to JSON, XML to XML,
 * JSON to CSV. `conduit export` writes the generated files into the CAR as MI's build does.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readZip } from '../../src/model/car-reader';
import { loadProject } from '../../src/model/project';
import { CLI, ensureCli, startRuntime, type RuntimeProcess } from '../helpers/runtime-process';

const FIXTURE = join(__dirname, '..', 'fixtures', 'mi44-datamapper');

describe('TypeScript data mappings of an MI 4.4 project', () => {
  let rt: RuntimeProcess;
  before(async () => {
    rt = await startRuntime(FIXTURE);
  });
  after(async () => {
    await rt?.kill();
  });

  test('JSON to JSON, with dm-utils and a property read through dmUtils.getPropertyValue', async () => {
    const res = await fetch(`${rt.url}/mapping/invoice`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        orderId: '981',
        customer: { firstName: 'Ada', lastName: 'Byron' },
        lines: [
          { sku: 'PEN-1', qty: 3, unitPrice: 1.5 },
          { sku: 'INK-7', qty: 1, unitPrice: 4 },
        ],
        shipping: 2.5,
      }),
    });
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^application\/json/);
    assert.equal(
      await res.text(),
      '{"invoiceFor":"Ada BYRON","reference":"INV-981","items":[{"code":"PEN-1","amount":4.5},{"code":"INK-7","amount":4}],"total":11,"currency":"EUR"}',
    );
  });

  test('CSV to JSON: the rows, named by the header row, are the mapping\'s input array', async () => {
    const res = await fetch(`${rt.url}/mapping/contacts`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: 'name,email,age\n Ann Lee ,ann@example.com,34\n"Bo, Jr.",bo@example.com,7\n',
    });
    assert.equal(res.status, 200);
    assert.equal(
      await res.text(),
      '{"contacts":[{"name":"Ann Lee","email":"ann@example.com","age":34},{"name":"Bo, Jr.","email":"bo@example.com","age":7}],"count":2}',
    );
  });

  test('XML to XML: the output root element is the output schema\'s title', async () => {
    const res = await fetch(`${rt.url}/mapping/card`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<person><first>Grace</first><last>Hopper</last><city>Arlington</city><born>1906</born></person>',
    });
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^application\/xml/);
    assert.equal(await res.text(), '<card><fullName>Hopper, Grace</fullName><home>ARLINGTON</home><age>120</age></card>');
  });

  test('JSON to CSV: the returned objects are the rows, their field names the header row', async () => {
    const res = await fetch(`${rt.url}/mapping/roster`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ team: 'Blue', members: [{ name: 'Ann', role: 'lead' }, { name: 'Bo, Jr.', role: 'dev' }] }),
    });
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^text\/plain/);
    assert.equal(await res.text(), 'Name,Role,Team\nAnn,LEAD,Blue\n"Bo, Jr.",DEV,Blue\n');
  });
});

test('conduit export writes each mapping\'s generated .dmc and schemas into the CAR, not its .ts, and the CAR runs', async (t) => {
  ensureCli();
  const out = mkdtempSync(join(tmpdir(), 'conduit-dm-car-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  execFileSync(process.execPath, [CLI, 'export', FIXTURE, '--out', out], { encoding: 'utf8' });
  const car = join(out, 'MappingIntegration_1.0.0.car');
  const entries = await readZip(car);
  const names = [...entries.keys()];
  assert.deepEqual(names.filter((n) => n.endsWith('.ts')), []);
  const project = await loadProject(FIXTURE);
  for (const m of ['OrderToInvoice', 'ContactsCsv', 'PersonCard', 'RosterCsv']) {
    for (const [artifact, file, mediaType] of [
      [m, `${m}.dmc`, 'text/plain'],
      [`${m}_inputSchema`, `${m}_inputSchema.json`, 'application/json'],
      [`${m}_outputSchema`, `${m}_outputSchema.json`, 'application/json'],
    ]) {
      const dir = `${artifact}_1.0.0`;
      assert.match(entries.get(`${dir}/artifact.xml`)!.toString(), new RegExp(`<artifact name="${artifact}" version="1.0.0" type="registry/resource" serverRole="EnterpriseIntegrator">\\s*<file>registry-info.xml</file>`));
      const info = entries.get(`${dir}/registry-info.xml`)!.toString();
      assert.match(info, new RegExp(`<item>\\s*<file>${file}</file>\\s*<path>/_system/governance/mi-resources/datamapper/${m}</path>\\s*<mediaType>${mediaType}</mediaType>\\s*</item>`));
      const generated = project.registry.get(`/_system/governance/mi-resources/datamapper/${m}/${file}`)!;
      assert.ok(generated.generated);
      assert.ok(entries.get(`${dir}/resources/${file}`)?.equals(generated.content), `${dir}/resources/${file}`);
    }
  }
  // The CAR alone (no .ts in it) runs the mapping.
  const rt = await startRuntime(car);
  t.after(() => rt.kill());
  const res = await fetch(`${rt.url}/mapping/card`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/xml' },
    body: '<person><first>Alan</first><last>Turing</last><city>London</city><born>1912</born></person>',
  });
  assert.equal(await res.text(), '<card><fullName>Turing, Alan</fullName><home>LONDON</home><age>114</age></card>');
});

test('conduit validate reports a type error in X.ts at its line and column, as MI\'s build (tsc) would refuse it', (t) => {
  ensureCli();
  const dir = mkdtempSync(join(tmpdir(), 'conduit-dm-type-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(FIXTURE, dir, { recursive: true });
  const ts = join(dir, 'src', 'main', 'wso2mi', 'resources', 'datamapper', 'ContactsCsv', 'ContactsCsv.ts');
  const lines = readFileSync(ts, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes('age: dmUtils.toNumber(row.age)'));
  lines[at] = lines[at].replace('age: dmUtils.toNumber(row.age)', 'age: row.age');
  writeFileSync(ts, lines.join('\n'));
  const contacts = lines.findIndex((l) => l.includes('contacts: input.map('));
  const r = spawnSync(process.execPath, [CLI, 'validate', dir], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.equal(
    r.stdout,
    `${ts}:${contacts + 1}:${lines[contacts].indexOf('contacts') + 1}: error CONDUIT_DATAMAPPER_INVALID the data mapping ContactsCsv: TS2322: ` +
      "Type '{ name: string; email: string; age: string; }[]' is not assignable to type '{ name: string; email: string; age: number; }[]'. " +
      "Type '{ name: string; email: string; age: string; }' is not assignable to type '{ name: string; email: string; age: number; }'. " +
      "Types of property 'age' are incompatible. Type 'string' is not assignable to type 'number'.\n" +
      '1 artifacts, 1 errors, 0 warnings\n',
  );
});

test('conduit run --watch: saving X.ts runs the new mapping, and a save that does not compile keeps the last one', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-dm-watch-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const rt = await startRuntime(dir, ['--watch']);
  t.after(async () => {
    await rt.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const card = () =>
    fetch(`${rt.url}/mapping/card`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: '<person><first>Ada</first><last>King</last><city>London</city><born>1815</born></person>' }).then((r) =>
      r.text(),
    );
  assert.equal(await card(), '<card><fullName>King, Ada</fullName><home>LONDON</home><age>211</age></card>');
  const ts = join(dir, 'src', 'main', 'wso2mi', 'resources', 'datamapper', 'PersonCard', 'PersonCard.ts');
  const text = readFileSync(ts, 'utf8');
  const deployed = /API named 'MappingAPI' has been deployed/g;
  writeFileSync(ts, text.replace('fullName: dmUtils.concat(input.last, ", ", input.first)', 'fullName: dmUtils.concat(input.first, " ", input.last)'));
  await rt.waitForCount(deployed, 2, 30_000);
  assert.equal(await card(), '<card><fullName>Ada King</fullName><home>LONDON</home><age>211</age></card>');

  writeFileSync(ts, text.replace('home: dmUtils.toUppercase(input.city),', 'home: dmUtils.toUppercase(input.city)),'));
  await rt.waitFor(/PersonCard\.ts:\d+:\d+: error CONDUIT_DATAMAPPER_INVALID the data mapping PersonCard does not compile/, 30_000);
  await rt.waitFor(/API 'MappingAPI' was not deployed: CONDUIT_REGISTRY_NOT_FOUND the data mapping resources:datamapper\/PersonCard\/PersonCard\.dmc is not in the registry/, 30_000);
  assert.equal(await card(), '<card><fullName>Ada King</fullName><home>LONDON</home><age>211</age></card>');
});
