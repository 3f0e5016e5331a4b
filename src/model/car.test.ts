import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { referenceProject } from '../../test/helpers/reference';
import { exportCar } from './car';
import { readZip } from './car-reader';
import { loadProject } from './project';
import type { Project } from './types';
import { attr, elements, parseXml, textOf } from './xml';

const FIXTURE = join(__dirname, '..', '..', 'samples', 'healthcare');

function assertSameProject(back: Project, original: Project): void {
  assert.deepEqual(back.problems, []);
  const byKey = (p: Project) => new Map(p.artifacts.map((a) => [`${a.kind}:${a.name}`, a.doc.text]));
  assert.deepEqual(byKey(back), byKey(original));
  assert.deepEqual([...back.registry.keys()].sort(), [...original.registry.keys()].sort());
  for (const [path, r] of original.registry) assert.ok(back.registry.get(path)?.content.equals(r.content), path);
}

test('an exported CAR loads back with the same artifacts, XML text and registry resources', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'conduit-car-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const project = await loadProject(FIXTURE);
  const { file, artifacts } = await exportCar(project, dir);
  assert.equal(file, join(dir, 'HealthcareIntegration_1.0.0.car'));
  assert.equal(artifacts.length, 14);
  const back = await loadProject(file);
  assert.equal(back.name, 'HealthcareIntegration');
  assert.equal(back.version, '1.0.0');
  assertSameProject(back, project);
  assert.equal(back.registry.get('/_system/governance/datamapper/RequestMapping.dmc')?.mediaType, 'text/plain');
});

test('the exported CAR has the descriptors MI reads', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'conduit-car-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { file } = await exportCar(await loadProject(FIXTURE), join(dir, 'out', 'app.car'));
  assert.equal(file, join(dir, 'out', 'app.car'));
  const entries = await readZip(file);

  const descriptor = parseXml(entries.get('artifacts.xml')!.toString('utf8')).root!;
  const [app] = elements(descriptor, 'artifact');
  assert.deepEqual([attr(app, 'name'), attr(app, 'version'), attr(app, 'type')], ['HealthcareIntegration', '1.0.0', 'carbon/application']);
  const deps = elements(app, 'dependency');
  assert.equal(deps.length, 14);
  for (const d of deps) {
    assert.equal(attr(d, 'serverRole'), 'EnterpriseIntegrator');
    assert.equal(attr(d, 'include'), 'true');
    const folder = `${attr(d, 'artifact')}_1.0.0`;
    const desc = parseXml(entries.get(`${folder}/artifact.xml`)!.toString('utf8')).root!;
    assert.equal(attr(desc, 'name'), attr(d, 'artifact'));
    assert.equal(attr(desc, 'version'), '1.0.0');
    const [fileEl] = elements(desc, 'file');
    assert.ok(entries.has(`${folder}/${textOf(fileEl)}`), `${folder}/${textOf(fileEl)}`);
  }

  const api = parseXml(entries.get('HealthcareAPI_1.0.0/artifact.xml')!.toString('utf8')).root!;
  assert.equal(attr(api, 'type'), 'synapse/api');
  assert.equal(
    entries.get('HealthcareAPI_1.0.0/HealthcareAPI-1.0.0.xml')!.toString('utf8'),
    await readFile(join(FIXTURE, 'src', 'main', 'wso2mi', 'artifacts', 'apis', 'HealthcareAPI.xml'), 'utf8'),
  );
  assert.equal(attr(parseXml(entries.get('PaymentRequestProcessor_1.0.0/artifact.xml')!.toString('utf8')).root!, 'type'), 'synapse/message-processors');

  const reg = parseXml(entries.get('RequestMapping_1.0.0/artifact.xml')!.toString('utf8')).root!;
  assert.equal(attr(reg, 'type'), 'registry/resource');
  const info = entries.get('RequestMapping_1.0.0/registry-info.xml')!.toString('utf8');
  assert.match(info, /<file>RequestMapping\.dmc<\/file>/);
  assert.match(info, /<path>\/_system\/governance\/datamapper<\/path>/);
  assert.ok(entries.has('RequestMapping_1.0.0/resources/RequestMapping.dmc'));
});

test('exporting twice gives the same bytes', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'conduit-car-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const project = await loadProject(FIXTURE);
  const a = await exportCar(project, join(dir, 'a.car'));
  const b = await exportCar(project, join(dir, 'b.car'));
  assert.ok((await readFile(a.file)).equals(await readFile(b.file)));
});

test('tutorial 5 exports as Integration Studio did and round-trips, also from its prebuilt CAR', async (t) => {
  const root = referenceProject(t, 5);
  if (!root) return;
  const dir = await mkdtemp(join(tmpdir(), 'conduit-car-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const project = await loadProject(root);
  const { file } = await exportCar(project, dir);
  assert.equal(file, join(dir, 'SampleServices_1.0.0.car'));
  const entries = await readZip(file);
  assert.match(entries.get('artifacts.xml')!.toString('utf8'), /serverRole="EnterpriseServiceBus"/);
  // Resources keep the artifact names of the Registry Resources module, as in the prebuilt CAR.
  for (const n of ['RequestMapping', 'RequestMapping_inputSchema', 'RequestMapping_outputSchema', 'RequestMapping_xsltStyleSheet']) {
    assert.ok(entries.has(`${n}_1.0.0/registry-info.xml`), n);
  }
  assertSameProject(await loadProject(file), project);

  const prebuilt = await loadProject(join(root, 'SampleServicesCompositeExporter', 'target', 'SampleServicesCompositeExporter_1.0.0.car'));
  const again = await exportCar(prebuilt, dir);
  assert.equal(again.file, join(dir, 'SampleServicesCompositeExporter_1.0.0.car'));
  assertSameProject(await loadProject(again.file), prebuilt);
});

test('registry resources without a manifest name get one from their path', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'conduit-car-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const project = await loadProject(FIXTURE);
  for (const r of project.registry.values()) delete r.artifactName;
  project.registry.set('/_system/config/other/RequestMapping.dmc', {
    path: '/_system/config/other/RequestMapping.dmc',
    file: 'x',
    content: Buffer.from('other'),
  });
  const { file, artifacts } = await exportCar(project, dir);
  assert.ok(artifacts.includes('datamapper_RequestMapping_dmc'), artifacts.join());
  assert.ok(artifacts.includes('other_RequestMapping_dmc'), artifacts.join());
  const back = await loadProject(file);
  assert.equal(back.registry.get('/_system/config/other/RequestMapping.dmc')?.content.toString(), 'other');
  assert.equal(back.registry.size, 5);
});
