/**
 * The store-and-forward promise end to end, with real parts only: `conduit run` in its own process
 * (killed with SIGKILL where a crash is the point), the real RabbitMQ on 127.0.0.1:5672, the hospital
 * back end on an ephemeral port (the projects' http://localhost:9090 is mapped with
 * --endpoint-override), and the management API driven through the real CLI.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { connect } from 'amqplib';
import { createHospitalService, type HospitalService } from '../../samples/hospital-service/hospital-service';
import { createFaultyBackend } from '../helpers/backends';
import { AMQP_URL, needRabbit } from '../helpers/rabbitmq';
import { referenceProject } from '../helpers/reference';
import { conduit, killAllRuntimes, startRuntime, storeSizes, type RuntimeProcess } from '../helpers/runtime-process';
import { BACKEND, FORWARDING, SAMPLING, eventually, payment, storePayments, writeSafProject, type StoreSpec } from '../helpers/saf-project';
import RESERVATION from '../../samples/healthcare/reservation.json';

const FIXTURE = join(__dirname, '..', '..', 'samples', 'healthcare');


const DELIVERED = /message processor SafForwarder delivered message urn:uuid:/g;

function findFile(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      const found = findFile(p, name);
      if (found) return found;
    } else if (entry === name) return p;
  }
  return undefined;
}

async function deleteQueue(queue: string, url = AMQP_URL): Promise<void> {
  const c = await connect(url);
  try {
    const ch = await c.createChannel();
    await ch.deleteQueue(queue);
  } finally {
    await c.close();
  }
}

function distinct(h: HospitalService): Set<number> {
  return new Set(h.stats.payments.appointmentNumbers);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A temporary folder removed, and runtimes killed, when the test ends. */
async function tempDir(t: TestContext, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function activate(project: string, processor: string): Promise<void> {
  const r = await conduit('processor', 'activate', processor, '--project', project);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), `${processor} active`);
}

after(killAllRuntimes);

describe('tutorial 5 unmodified on the real RabbitMQ', () => {
  let hospital: HospitalService;
  before(async () => {
    hospital = await createHospitalService({ port: 0 });
  });
  after(() => hospital.close());

  const variants: Array<[string, (t: TestContext) => string | undefined]> = [
    ['the WSO2 tutorial project', (t) => referenceProject(t, 5)],
    ['samples/healthcare', () => FIXTURE],
  ];
  for (const [label, source] of variants) {
    test(`${label}: the client is answered at once, the processor settles the payment through RabbitMQ`, async (t) => {
      if (!(await needRabbit(t))) return;
      const src = source(t);
      if (!src) return;
      // a copy with its own queue, so no other run's messages are in it; nothing else is edited
      const dir = await tempDir(t, 'conduit-t5-');
      await cp(src, dir, { recursive: true });
      const storeFile = findFile(dir, 'PaymentRequestMessageStore.xml');
      assert.ok(storeFile, 'the store artifact is in the project');
      const queue = `conduit-saf-${randomUUID().slice(0, 8)}`;
      const xml = readFileSync(storeFile, 'utf8');
      assert.match(xml, /<parameter name="store\.rabbitmq\.queue\.name">PaymentRequestJMSMessageStore<\/parameter>/);
      writeFileSync(storeFile, xml.replace('PaymentRequestJMSMessageStore', queue));
      t.after(() => deleteQueue(queue).catch(() => {}));

      const rt = await startRuntime(dir, ['--endpoint-override', `http://localhost:9090=${hospital.url}`]);
      t.after(() => rt.kill('SIGTERM'));
      assert.match(rt.output(), new RegExp(`connected to amqp://guest:\\*\\*\\*@localhost:5672/%2F, queue ${queue}`));

      const res = await fetch(`${rt.url}/healthcare/categories/surgery/reserve`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(RESERVATION),
      });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { message: ' Payment request successfully submitted. Payment confirmation will be sent via email .' });

      // PaymentRequestProcessingSequence: call SettlePaymentEP, log level="full", drop
      const m = await rt.waitFor(/\{LogMediator\} - .*Payload: (\{.*"status":"Settled".*\})$/m);
      const settled = JSON.parse(m[1]!);
      assert.equal(settled.patient, 'John Doe');
      assert.equal(settled.actualFee, 7000);
      assert.equal(settled.status, 'Settled');
      assert.match(settled.paymentID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.ok(hospital.state.payments.has(settled.paymentID), 'the back end settled the logged payment');
      assert.deepEqual(await storeSizes(dir), { PaymentRequestMessageStore: 0 });
    });
  }
});

describe('no message is lost when the runtime is killed while draining', () => {
  const cases: Array<[string, (t: TestContext) => Promise<StoreSpec | undefined>]> = [
    ['embedded store', async () => ({ kind: 'embedded' })],
    [
      'RabbitMQ store',
      async (t) => {
        if (!(await needRabbit(t))) return undefined;
        const queue = `conduit-saf-${randomUUID().slice(0, 8)}`;
        t.after(() => deleteQueue(queue).catch(() => {}));
        return { kind: 'rabbitmq', port: Number(new URL(AMQP_URL).port || 5672), queue };
      },
    ],
  ];
  for (const [label, spec] of cases) {
    test(`${label}: 1,000 stored, SIGKILL mid-drain, restart: every message reaches the back end`, async (t) => {
      const store = await spec(t);
      if (!store) return;
      const hospital = await createHospitalService({ port: 0 });
      t.after(() => hospital.close());
      const parent = await tempDir(t, 'conduit-noloss-');
      const dir = await writeSafProject(
        {
          stores: { SafStore: store },
          // inactive until activated through the CLI, so all 1,000 are stored before the drain starts
          processors: [{ name: 'SafForwarder', className: FORWARDING, store: 'SafStore', parameters: { 'target.endpoint': 'SettleEP', interval: '1', 'is.active': 'false' } }],
        },
        parent,
      );
      const args = ['--endpoint-override', `${BACKEND}=${hospital.url}`];

      let rt: RuntimeProcess = await startRuntime(dir, args);
      const stored = await storePayments(rt.url, 'SafStore', 1, 1000);
      assert.deepEqual(
        [...stored].filter(([, o]) => o.status !== 200),
        [],
        'every message was stored',
      );
      assert.deepEqual(await storeSizes(dir), { SafStore: 1000 });

      await activate(dir, 'SafForwarder');
      await hospital.waitForPayments(200, 30_000);
      await rt.kill('SIGKILL');
      const before = distinct(hospital);
      assert.ok(before.size < 1000, `the drain had finished (${before.size}) before the kill`);

      rt = await startRuntime(dir, args);
      const left = (await storeSizes(dir)).SafStore!;
      assert.ok(left > 0, 'messages were still stored after the crash');
      // each message was either delivered or is still stored (at-least-once: the one in flight may be both)
      assert.ok(before.size + left >= 1000, `${before.size} delivered + ${left} stored < 1000`);

      await activate(dir, 'SafForwarder');
      await eventually(
        () => distinct(hospital).size === 1000,
        () => `${distinct(hospital).size} of 1000 delivered`,
        60_000,
      );
      assert.deepEqual([...distinct(hospital)].sort((a, b) => a - b), range(1, 1000));
      await eventually(
        async () => (await storeSizes(dir)).SafStore === 0,
        () => 'the store is empty once everything was delivered',
      );
      await rt.kill('SIGTERM');
    });
  }
});

test('scale out: two runtimes share one RabbitMQ queue; one killed mid-drain leaves its messages to the other', async (t) => {
  if (!(await needRabbit(t))) return;
  const queue = `conduit-saf-${randomUUID().slice(0, 8)}`;
  t.after(() => deleteQueue(queue).catch(() => {}));
  const hospital = await createHospitalService({ port: 0 });
  t.after(() => hospital.close());
  const parent = await tempDir(t, 'conduit-scale-');
  const spec = {
    stores: { SafStore: { kind: 'rabbitmq', port: Number(new URL(AMQP_URL).port || 5672), queue } as StoreSpec },
    processors: [{ name: 'SafForwarder', className: FORWARDING, store: 'SafStore', parameters: { 'target.endpoint': 'SettleEP', interval: '1', 'is.active': 'false' } }],
  };
  // two copies of one project: each runtime writes its own management file
  const dirA = await writeSafProject(spec, parent);
  const dirB = await writeSafProject(spec, parent);
  const args = ['--endpoint-override', `${BACKEND}=${hospital.url}`, '--log-level', 'DEBUG'];
  const [a, b] = await Promise.all([startRuntime(dirA, args), startRuntime(dirB, args)]);

  const stored = await storePayments(a.url, 'SafStore', 1, 1000);
  assert.equal([...stored.values()].filter((o) => o.status === 200).length, 1000);
  assert.equal((await storeSizes(dirB)).SafStore, 1000, 'both runtimes see the one queue');

  await Promise.all([activate(dirA, 'SafForwarder'), activate(dirB, 'SafForwarder')]);
  await eventually(
    () => a.count(DELIVERED) >= 20 && b.count(DELIVERED) >= 20 && hospital.stats.payments.count >= 300,
    () => `A delivered ${a.count(DELIVERED)}, B ${b.count(DELIVERED)}`,
  );
  await a.kill('SIGKILL');
  const atKill = distinct(hospital).size;
  assert.ok(atKill < 1000, `the drain had finished (${atKill}) before the kill`);

  await eventually(
    () => distinct(hospital).size === 1000,
    () => `${distinct(hospital).size} of 1000 delivered after A was killed`,
    60_000,
  );
  assert.deepEqual([...distinct(hospital)].sort((x, y) => x - y), range(1, 1000));
  await eventually(
    async () => (await storeSizes(dirB)).SafStore === 0,
    () => 'the queue is empty',
  );
  const byA = a.count(DELIVERED);
  assert.ok(byA > 0, 'A delivered before it was killed');
  // B logs each delivery right after acknowledging it; what A never acknowledged, B delivered
  await eventually(
    () => b.count(DELIVERED) >= 1000 - byA,
    () => `B delivered ${b.count(DELIVERED)}, A ${byA}`,
  );
  await b.kill('SIGTERM');
});

test('back end down: forwarding retries then deactivates keeping the message; sampling keeps it until the back end is back', async (t) => {
  const backend = await createFaultyBackend({ kind: 'down' });
  t.after(() => backend.close());
  const parent = await tempDir(t, 'conduit-down-');
  const dir = await writeSafProject(
    {
      stores: { FwdStore: { kind: 'embedded' }, SampleStore: { kind: 'embedded' } },
      processors: [
        {
          name: 'Forwarder',
          className: FORWARDING,
          store: 'FwdStore',
          parameters: { 'target.endpoint': 'SettleEP', interval: '100', 'client.retry.interval': '100', 'max.delivery.attempts': '3' },
        },
        // the documented floor parameter, so the test need not wait a second per tick
        { name: 'Sampler', className: SAMPLING, store: 'SampleStore', parameters: { sequence: 'SettleSeq', interval: '100', 'conduit.interval.minimum': '100' } },
      ],
    },
    parent,
  );
  const rt = await startRuntime(dir, ['--endpoint-override', `${BACKEND}=${backend.url}`]);
  t.after(() => rt.kill('SIGTERM'));

  const post = (path: string, n: number) =>
    fetch(`${rt.url}/saf/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payment(n)) });
  assert.equal((await post('FwdStore', 1)).status, 200);
  assert.equal((await post('sampled/SampleStore', 2)).status, 200);

  await rt.waitFor(/CONDUIT_PROCESSOR_DEACTIVATED Deactivated message processor Forwarder/);
  assert.equal(rt.count(/CONDUIT_PROCESSOR_DELIVERY_FAILED message processor Forwarder failed to deliver message \S+ \(attempt \d of 3\)/g), 3);
  await rt.waitForCount(/CONDUIT_PROCESSOR_SEQUENCE_FAILED message processor Sampler/g, 3);

  const listed = await conduit('stores', dir);
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /^NAME +KIND +SIZE$/m);
  assert.match(listed.stdout, /^FwdStore +embedded +1$/m);
  assert.match(listed.stdout, /^SampleStore +embedded +1$/m);
  const procs = await conduit('processors', dir);
  assert.equal(procs.status, 0, procs.stderr);
  assert.match(procs.stdout, /^Forwarder +scheduled-forwarding +FwdStore +inactive$/m);
  assert.match(procs.stdout, /^Sampler +sampling +SampleStore +active$/m);
  const browsed = await conduit('store', 'browse', 'FwdStore', '--project', dir);
  assert.equal(browsed.status, 0, browsed.stderr);
  assert.equal(JSON.parse(JSON.parse(browsed.stdout)[0].payload.text).appointmentNumber, 1);

  await backend.set({ kind: 'ok' });
  const numbers = () => backend.requests.map((r) => (JSON.parse(r.body) as { appointmentNumber: number }).appointmentNumber);
  // the sampler delivers by itself once the back end answers
  await eventually(
    async () => numbers().includes(2) && (await storeSizes(dir)).SampleStore === 0,
    () => `back end received ${JSON.stringify(numbers())}`,
  );
  // the deactivated forwarder keeps its message until it is activated
  assert.ok(!numbers().includes(1));
  assert.equal((await storeSizes(dir)).FwdStore, 1);

  await activate(dir, 'Forwarder');
  await eventually(
    async () => numbers().includes(1) && (await storeSizes(dir)).FwdStore === 0,
    () => `back end received ${JSON.stringify(numbers())}`,
  );
});

test('the CLI says clearly when no runtime serves the project, and the file is gone after a clean stop', async (t) => {
  const parent = await tempDir(t, 'conduit-mgmt-');
  const dir = await writeSafProject({ stores: { S: { kind: 'embedded' } }, processors: [] }, parent);
  const rt = await startRuntime(dir);
  const file = join(dir, '.conduit', 'management.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  // a folder inside the project finds the project's file
  const inside = await conduit('stores', join(dir, 'src', 'main'), '--json');
  assert.equal(inside.status, 0, inside.stderr);
  assert.deepEqual(JSON.parse(inside.stdout), [{ name: 'S', kind: 'embedded', size: 0 }]);
  const purge = await conduit('store', 'purge', 'S', '--project', dir);
  assert.equal(purge.stdout, 'purged 0 messages from S\n');
  const unknown = await conduit('processor', 'activate', 'Nope', '--project', dir);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no message processor Nope/);
  const status = await conduit('status', dir);
  assert.equal(status.status, 0, status.stderr);
  assert.match(status.stdout, new RegExp(`^pid +${rt.proc.pid}$`, 'm'));
  assert.match(status.stdout, /^heap +\d+\.\d MiB used of \d+\.\d MiB$/m, 'no collection claimed: the runtime runs without --expose-gc');

  await rt.kill('SIGTERM');
  assert.throws(() => statSync(file), /ENOENT/);
  const none = await conduit('stores', dir);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /CONDUIT_MANAGEMENT_UNAVAILABLE no running Conduit runtime found/);

  // a runtime killed without stopping leaves its file; the CLI says the runtime does not answer
  const killed = await startRuntime(dir);
  await killed.kill('SIGKILL');
  const stale = await conduit('processors', dir);
  assert.equal(stale.status, 1);
  assert.match(stale.stderr, /CONDUIT_MANAGEMENT_UNAVAILABLE the runtime that wrote .*management\.json \(pid \d+\) does not answer/);
});
