import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { NS, projectFromXml } from '../../../test/helpers/project-from-xml';
import { MemoryLogger } from '../logger';
import { MessageContext, Payload } from '../message';
import { createRuntime } from '../runtime';
import { DATAMAPPER_MEMORY_LIMIT_MB, DataMapperSandbox } from './datamapper-sandbox';

const ROOT = join(__dirname, '..', '..', '..');
const TUTORIAL_DMC = readFileSync(join(ROOT, 'samples', 'healthcare', 'src', 'main', 'wso2mi', 'resources', 'registry', 'gov', 'datamapper', 'RequestMapping.dmc'), 'utf8');
const REQUEST = readFileSync(join(ROOT, 'samples', 'healthcare', 'reservation.json'), 'utf8');
const MAPPED =
  '{"patient":{"name":"John Doe","dob":"1940-03-19","ssn":"234-23-525","address":"California","phone":"8770586755","email":"johndoe@gmail.com"},"doctor":"thomas collins","hospital":"grand oak community hospital","appointment_date":"2025-04-02"}';
const HUGE = 'map_S_root_S_root = function () { new Array(1e9).fill(0); return {}; };';
const LOOP = 'map_S_root_S_root = function () { for (;;) {} };';

const failed = (pattern: RegExp) => (err: Error & { code?: string }) => err.code === 'CONDUIT_DATAMAPPER_FAILED' && pattern.test(err.message);

/** Pids of this process's children (Linux), to see the mapping process come and go. */
function children(): Set<number> {
  const ps = spawnSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return new Set(ps.stdout.split(/\s+/).filter(Boolean).map(Number).filter((pid) => pid !== ps.pid));
}

test('the tutorial mapping gives its exact output, message after message', async () => {
  const h = harness({ 'gov:datamapper/RequestMapping.dmc': TUTORIAL_DMC });
  const seq = h.compile('<datamapper config="gov:datamapper/RequestMapping.dmc" inputType="JSON" outputType="JSON"/>');
  for (let i = 0; i < 3; i++) {
    const msg = new MessageContext();
    msg.setPayload(Payload.json(REQUEST));
    assert.equal((await h.run(seq, msg)).result, true);
    assert.equal(msg.payload.text, MAPPED);
    assert.equal(msg.transportHeaders.get('Content-Type'), 'application/json');
  }
});

test('a mapping that allocates hugely fails only its message; the runtime answers the next one and stop() ends the mapping process', async (t) => {
  const logger = new MemoryLogger();
  const project = projectFromXml({
    'apis/Map.xml': `<api name="Map" context="/map" ${NS}>
      <resource methods="POST" uri-template="/ok"><inSequence><datamapper config="gov:dm/ok.dmc" inputType="JSON" outputType="JSON"/><respond/></inSequence></resource>
      <resource methods="POST" uri-template="/huge"><inSequence><datamapper config="gov:dm/huge.dmc" inputType="JSON" outputType="JSON"/><respond/></inSequence></resource>
    </api>`,
  });
  for (const [name, text] of [['ok', TUTORIAL_DMC], ['huge', HUGE]]) {
    const path = `/_system/governance/dm/${name}.dmc`;
    project.registry.set(path, { path, file: `/virtual/project/${name}.dmc`, content: Buffer.from(text) });
  }
  const rt = createRuntime({ logger, port: 0 });
  t.after(() => rt.stop());
  assert.deepEqual((await rt.deploy(project)).failed, []);
  const linux = process.platform === 'linux';
  const before = linux ? children() : new Set<number>();

  const ok = await rt.inject({ method: 'POST', url: '/map/ok', body: REQUEST, headers: { 'Content-Type': 'application/json' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.text, MAPPED);

  const huge = await rt.inject({ method: 'POST', url: '/map/huge', body: '{}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(huge.status, 500);
  const error = logger.records.find((r) => r.message.includes('CONDUIT_DATAMAPPER_FAILED'));
  assert.ok(error, logger.lines().join('\n'));
  assert.match(error.message, new RegExp(`ran out of memory \\(the limit is ${DATAMAPPER_MEMORY_LIMIT_MB} MiB`));

  const next = await rt.inject({ method: 'POST', url: '/map/ok', body: REQUEST, headers: { 'Content-Type': 'application/json' } });
  assert.equal(next.status, 200);
  assert.equal(next.text, MAPPED);

  if (linux) {
    const started = [...children()].filter((pid) => !before.has(pid));
    assert.equal(started.length, 1, 'one mapping process serves the runtime');
    await rt.stop();
    assert.equal(children().has(started[0]), false, 'stop() ended the mapping process');
  }
});

test('an endless mapping is stopped at its time limit and the next mapping runs', async (t) => {
  const sandbox = new DataMapperSandbox();
  t.after(() => sandbox.close());
  await assert.rejects(sandbox.map(LOOP, '{}', { timeoutMs: 200 }), failed(/timed out/));
  assert.equal(await sandbox.map(TUTORIAL_DMC, REQUEST), MAPPED);
  // A microtask loop too: promise callbacks run within the limit.
  await assert.rejects(sandbox.map('map_S_r_S_r = function () { Promise.resolve().then(() => { for (;;) {} }); return {}; };', '{}', { timeoutMs: 200 }), failed(/timed out/));
  assert.equal(await sandbox.map(TUTORIAL_DMC, REQUEST), MAPPED);
});

test('a mapping the time limit cannot interrupt has its process killed; a fresh one runs the next mapping', async (t) => {
  // Array.prototype.fill on a sparse array is one native loop that never checks for interrupts; with
  // a heap this large it is still allocating when the grace after the time limit ends.
  const sandbox = new DataMapperSandbox({ memoryLimitMb: 4096, killGraceMs: 300 });
  t.after(() => sandbox.close());
  await assert.rejects(sandbox.map(HUGE, '{}', { timeoutMs: 100 }), failed(/timed out: .*100 ms time limit and its process was stopped/));
  assert.equal(await sandbox.map(TUTORIAL_DMC, REQUEST), MAPPED);
});

test('the sandbox: no require, no process, no escape through constructors, no code from strings, nothing returned', async (t) => {
  const sandbox = new DataMapperSandbox();
  t.after(() => sandbox.close());
  const run = (src: string) => sandbox.map(src, '{"a":1}', { timeoutMs: 2000 });
  assert.equal(
    await run('map_S_r_S_r = function(){ return { a: inputroot.a, t: typeof require + typeof process + typeof fetch + typeof setTimeout }; };'),
    '{"a":1,"t":"undefinedundefinedundefinedundefined"}',
  );
  await assert.rejects(run("map_S_r_S_r = function(){ return inputroot.constructor.constructor('return process')(); };"), { code: 'CONDUIT_DATAMAPPER_FAILED' });
  await assert.rejects(run("map_S_r_S_r = function(){ return eval('1'); };"), { code: 'CONDUIT_DATAMAPPER_FAILED' });
  await assert.rejects(run('map_S_r_S_r = function(){ return undefined; };'), failed(/returned no object/));
  await assert.rejects(run('var x = 1;'), failed(/defines neither a map_S_\.\.\._S_\.\.\. function nor mapFunction/));
  await assert.rejects(run('map_S_r_S_r = function(){ throw new Error("bad input"); };'), failed(/bad input/));
});

test('a mapping generated from TypeScript: mapFunction(input) alone is called, and DM_PROPERTIES holds the properties given', async (t) => {
  const sandbox = new DataMapperSandbox();
  t.after(() => sandbox.close());
  const src = 'function mapFunction(input) { return { a: input.a + 1, who: DM_PROPERTIES.DEFAULT.user }; }';
  assert.equal(await sandbox.map(src, '{"a":1}', { propertiesJson: '{"DEFAULT":{"user":"ann"}}' }), '{"a":2,"who":"ann"}');
  // Without properties DM_PROPERTIES is empty, never undefined.
  assert.equal(await sandbox.map('function mapFunction(i) { return { n: Object.keys(DM_PROPERTIES).length }; }', '{}'), '{"n":0}');
});

test('mappings asked for at once run one after another, each within its own limit', async (t) => {
  const sandbox = new DataMapperSandbox();
  t.after(() => sandbox.close());
  const results = await Promise.allSettled([
    sandbox.map(TUTORIAL_DMC, REQUEST),
    sandbox.map(LOOP, '{}', { timeoutMs: 300 }),
    ...Array.from({ length: 20 }, () => sandbox.map(TUTORIAL_DMC, REQUEST)),
  ]);
  assert.equal(results[1].status, 'rejected');
  for (const r of [results[0], ...results.slice(2)]) assert.deepEqual(r, { status: 'fulfilled', value: MAPPED });
});
