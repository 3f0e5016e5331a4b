import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { referenceProject } from '../../test/helpers/reference';
import { ConduitError } from './errors';
import { findProjectRoot, keyForRegistryPath, loadProject, registryPathForKey, resolveRegistryKey } from './project';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures');
const SAMPLE = join(__dirname, '..', '..', 'samples', 'healthcare');
const DATAMAPPER = [
  '/_system/governance/datamapper/RequestMapping.dmc',
  '/_system/governance/datamapper/RequestMapping_inputSchema.json',
  '/_system/governance/datamapper/RequestMapping_outputSchema.json',
  '/_system/governance/datamapper/RequestMapping_xsltStyleSheet.xml',
];

const EXPECTED = {
  1: { artifacts: ['api:HealthcareAPI', 'endpoint:QueryDoctorEP'], registry: [] as string[] },
  2: { artifacts: ['api:HealthcareAPI', 'endpoint:ClemencyEP', 'endpoint:GrandOakEP', 'endpoint:PineValleyEP', 'endpoint:QueryDoctorEP'], registry: [] as string[] },
  3: { artifacts: ['api:HealthcareAPI', 'endpoint:ClemencyEP', 'endpoint:GrandOakEP', 'endpoint:PineValleyEP', 'endpoint:QueryDoctorEP'], registry: DATAMAPPER },
  4: {
    artifacts: ['api:HealthcareAPI', 'endpoint:ChannelingFeeEP', 'endpoint:ClemencyEP', 'endpoint:GrandOakEP', 'endpoint:PineValleyEP', 'endpoint:QueryDoctorEP', 'endpoint:SettlePaymentEP'],
    registry: DATAMAPPER,
  },
  5: {
    artifacts: [
      'api:HealthcareAPI',
      'endpoint:ChannelingFeeEP',
      'endpoint:ClemencyEP',
      'endpoint:GrandOakEP',
      'endpoint:PineValleyEP',
      'endpoint:QueryDoctorEP',
      'endpoint:SettlePaymentEP',
      'messageProcessor:PaymentRequestProcessor',
      'messageStore:PaymentRequestMessageStore',
      'sequence:PaymentRequestProcessingSequence',
    ],
    registry: DATAMAPPER,
  },
};

const names = (p: { artifacts: Array<{ kind: string; name: string }> }) => p.artifacts.map((a) => `${a.kind}:${a.name}`).sort();

for (const n of [1, 2, 3, 4, 5] as const) {
  test(`reference project ${n} loads with zero problems, its artifacts and registry paths`, async (t) => {
    const root = referenceProject(t, n);
    if (!root) return;
    const p = await loadProject(root);
    assert.deepEqual(p.problems, []);
    assert.equal(p.layout, 'integration-studio');
    assert.equal(p.name, 'SampleServices');
    assert.equal(p.version, '1.0.0');
    assert.deepEqual(names(p), EXPECTED[n].artifacts);
    assert.deepEqual([...p.registry.keys()].sort(), EXPECTED[n].registry);
    for (const r of p.registry.values()) assert.equal(r.mediaType, 'text/plain');
  });

  test(`the prebuilt CAR of reference project ${n} loads the same artifacts`, async (t) => {
    const root = referenceProject(t, n);
    if (!root) return;
    const car = join(root, 'SampleServicesCompositeExporter', 'target', 'SampleServicesCompositeExporter_1.0.0.car');
    const p = await loadProject(car);
    assert.deepEqual(p.problems, []);
    assert.equal(p.layout, 'car');
    assert.equal(p.name, 'SampleServicesCompositeExporter');
    assert.equal(p.version, '1.0.0');
    assert.deepEqual(names(p), EXPECTED[n].artifacts);
    assert.deepEqual([...p.registry.keys()].sort(), EXPECTED[n].registry);
    for (const a of p.artifacts) assert.ok(a.file.startsWith(`${car}!/`), a.file);
  });
}

test('artifacts load in MI deployment order', async () => {
  const p = await loadProject(SAMPLE);
  const kinds = [...new Set(p.artifacts.map((a) => a.kind))];
  assert.deepEqual(kinds, ['endpoint', 'sequence', 'messageStore', 'messageProcessor', 'api']);
});

test('the healthcare fixture loads as an MI project equivalent to tutorial 5', async () => {
  const p = await loadProject(SAMPLE);
  assert.deepEqual(p.problems, []);
  assert.equal(p.layout, 'mi');
  assert.equal(p.name, 'HealthcareIntegration');
  assert.equal(p.version, '1.0.0');
  assert.equal(p.runtimeVersion, '4.3.0');
  assert.deepEqual(names(p), EXPECTED[5].artifacts);
  assert.deepEqual([...p.registry.keys()].sort(), DATAMAPPER);
  const dmc = resolveRegistryKey(p, 'gov:datamapper/RequestMapping.dmc');
  assert.ok(dmc);
  assert.match(dmc.content.toString('utf8'), /map_S_root_S_root/);
  assert.equal(dmc.artifactName, 'RequestMapping');
  assert.equal(resolveRegistryKey(p, 'gov:datamapper/Missing.dmc'), undefined);
});

test('a malformed artifact is reported with file and line while the others load', async () => {
  const p = await loadProject(join(FIXTURES, 'broken'));
  assert.deepEqual(names(p), ['endpoint:EchoEP']);
  assert.equal(p.problems.length, 1);
  const [problem] = p.problems;
  assert.equal(problem.code, 'CONDUIT_XML_MALFORMED');
  assert.equal(problem.file, join(FIXTURES, 'broken', 'src', 'main', 'wso2mi', 'artifacts', 'apis', 'BrokenAPI.xml'));
  assert.equal(problem.range?.start.line, 9); // zero-based: the </inSequence> that closes over the unclosed <log>
  assert.equal(p.version, '0.1.0-SNAPSHOT');
});

test('registry keys map to registry paths and back', () => {
  assert.equal(registryPathForKey('gov:datamapper/RequestMapping.dmc'), '/_system/governance/datamapper/RequestMapping.dmc');
  assert.equal(registryPathForKey('gov:/datamapper//x.json'), '/_system/governance/datamapper/x.json');
  assert.equal(registryPathForKey('conf:repository/x.xml'), '/_system/config/repository/x.xml');
  assert.equal(registryPathForKey('resources:datamapper/M/M.dmc'), '/_system/governance/mi-resources/datamapper/M/M.dmc');
  assert.equal(registryPathForKey('/_system/governance/a'), '/_system/governance/a');
  assert.equal(registryPathForKey('LocalEntryName'), undefined);
  assert.equal(keyForRegistryPath('/_system/governance/datamapper/a.dmc'), 'gov:datamapper/a.dmc');
  assert.equal(keyForRegistryPath('/_system/governance/mi-resources/a'), 'resources:a');
  assert.equal(keyForRegistryPath('/_system/config/a'), 'conf:a');
});

test('MI resources map registry/gov, registry/conf and other folders; artifact.xml items must exist', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'conduit-mi-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const res = join(dir, 'src', 'main', 'wso2mi', 'resources');
  await mkdir(join(dir, 'src', 'main', 'wso2mi', 'artifacts', 'sequences'), { recursive: true });
  await mkdir(join(res, 'registry', 'conf', 'x'), { recursive: true });
  await mkdir(join(res, 'datamapper', 'M'), { recursive: true });
  await mkdir(join(res, 'api-definitions'), { recursive: true });
  await writeFile(join(res, 'registry', 'conf', 'x', 'c.txt'), 'c');
  await writeFile(join(res, 'datamapper', 'M', 'M.dmc'), 'm');
  await writeFile(join(res, 'api-definitions', 'A.yaml'), 'openapi: 3.0.0');
  await writeFile(
    join(res, 'artifact.xml'),
    `<artifacts><artifact name="m" version="1.0.0" type="registry/resource"><item><file>M.dmc</file><path>/_system/governance/mi-resources/datamapper/M</path><mediaType>application/datamapper</mediaType></item></artifact>
     <artifact name="gone" version="1.0.0" type="registry/resource"><item><file>gone.xml</file><path>/_system/config</path></item></artifact></artifacts>`,
  );
  await writeFile(join(dir, 'src', 'main', 'wso2mi', 'artifacts', 'sequences', 'S.xml'), '<sequence xmlns="http://ws.apache.org/ns/synapse" name="S"><drop/></sequence>');
  const p = await loadProject(dir);
  assert.deepEqual([...p.registry.keys()].sort(), ['/_system/config/x/c.txt', '/_system/governance/mi-resources/datamapper/M/M.dmc']);
  assert.equal(resolveRegistryKey(p, 'resources:datamapper/M/M.dmc')?.mediaType, 'application/datamapper');
  assert.deepEqual(p.problems.map((x) => x.code), ['CONDUIT_REGISTRY_NOT_FOUND']);
  assert.equal(p.name, dir.split('/').pop());
  assert.equal((await findProjectRoot(join(res, 'datamapper', 'M'))) ?? '', dir);
});

test('the older single-module Integration Studio layout loads, with its registry module', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'conduit-is-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const cfg = join(dir, 'SampleServices', 'src', 'main', 'synapse-config');
  await mkdir(join(cfg, 'api'), { recursive: true });
  await mkdir(join(cfg, 'endpoints'), { recursive: true });
  await mkdir(join(dir, 'SampleServicesRegistry', 'xslt'), { recursive: true });
  await writeFile(join(cfg, 'api', 'A.xml'), '<api xmlns="http://ws.apache.org/ns/synapse" name="A" context="/a"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>');
  await writeFile(join(cfg, 'endpoints', 'E.xml'), '<endpoint xmlns="http://ws.apache.org/ns/synapse" name="E"><address uri="http://x"/></endpoint>');
  await writeFile(join(dir, 'SampleServicesRegistry', 'xslt', 't.xsl'), '<x/>');
  await writeFile(
    join(dir, 'SampleServicesRegistry', 'artifact.xml'),
    '<artifacts><artifact name="xslt" version="1.0.0" type="registry/resource"><collection><directory>xslt</directory><path>/_system/config/xslt</path></collection></artifact></artifacts>',
  );
  await writeFile(join(dir, 'pom.xml'), '<project><artifactId>Legacy</artifactId><version>2.0.0</version></project>');
  const single = await loadProject(join(dir, 'SampleServices'));
  assert.deepEqual(names(single), ['api:A', 'endpoint:E']);
  assert.equal(single.layout, 'integration-studio');

  const whole = await loadProject(dir);
  assert.deepEqual(names(whole), ['api:A', 'endpoint:E']);
  assert.deepEqual([...whole.registry.keys()], ['/_system/config/xslt/t.xsl']);
  assert.deepEqual([whole.name, whole.version], ['Legacy', '2.0.0']);
  assert.equal(await findProjectRoot(join(cfg, 'api')), dir);
});

test('a folder without a project and a corrupt .car fail with their codes', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'conduit-none-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await assert.rejects(loadProject(dir), (e: unknown) => e instanceof ConduitError && e.code === 'CONDUIT_PROJECT_NOT_FOUND');
  await assert.rejects(loadProject(join(dir, 'missing')), (e: unknown) => e instanceof ConduitError && e.code === 'CONDUIT_PROJECT_NOT_FOUND');
  await writeFile(join(dir, 'bad.car'), 'not a zip');
  await assert.rejects(loadProject(join(dir, 'bad.car')), (e: unknown) => e instanceof ConduitError && e.code === 'CONDUIT_CAR_INVALID');
  assert.equal(await findProjectRoot(dir), undefined);
});

test('loading copes with a broken artifact.xml and a pom that does not parse', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'conduit-bad-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await cp(SAMPLE, dir, { recursive: true });
  await writeFile(join(dir, 'pom.xml'), '<project><artifactId>x');
  await writeFile(join(dir, 'src', 'main', 'wso2mi', 'resources', 'artifact.xml'), '<artifacts><artifact>');
  const p = await loadProject(dir);
  assert.equal(p.artifacts.length, 10);
  assert.equal(p.registry.size, 4);
  assert.deepEqual(p.problems.map((x) => x.code), ['CONDUIT_XML_MALFORMED']);
});
