/**
 * A RabbitMQ restart in the middle of a run, on a private broker (its own port, node name and data
 * folder, so the shared broker is never touched): clients keep storing while the broker is stopped
 * and started again. Every request answered 200 was stored (publisher confirms) and reaches the back
 * end; requests during the outage get a 5xx naming the store, never a 200; the store reconnects.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createHospitalService } from '../../samples/hospital-service/hospital-service';
import { needBrokerInstall, startPrivateBroker } from '../helpers/broker';
import { killAllRuntimes, startRuntime, storeSizes } from '../helpers/runtime-process';
import { BACKEND, FORWARDING, drained, eventually, payment, writeSafProject, type StoreOutcome } from '../helpers/saf-project';

after(killAllRuntimes);

test('RabbitMQ restarted mid-run: acknowledged messages all delivered, outage answered 5xx, the store reconnects', async (t) => {
  if (!needBrokerInstall(t)) return;
  const broker = await startPrivateBroker();
  t.after(() => broker.dispose());
  const hospital = await createHospitalService({ port: 0 });
  t.after(() => hospital.close());
  const parent = await mkdtemp(join(tmpdir(), 'conduit-restart-'));
  t.after(() => rm(parent, { recursive: true, force: true }));
  const dir = await writeSafProject(
    {
      stores: { SafStore: { kind: 'rabbitmq', port: broker.port, queue: 'conduit-restart', confirms: true } },
      // retry forever: the back end is up, only the broker goes away
      processors: [{ name: 'SafForwarder', className: FORWARDING, store: 'SafStore', parameters: { 'target.endpoint': 'SettleEP', interval: '1', 'max.delivery.attempts': '0' } }],
    },
    parent,
  );
  const rt = await startRuntime(dir, ['--endpoint-override', `${BACKEND}=${hospital.url}`]);
  t.after(() => rt.kill('SIGTERM'));

  const outcomes = new Map<number, StoreOutcome>();
  let next = 1;
  let storing = true;
  const client = async () => {
    while (storing) {
      const n = next++;
      const res = await fetch(`${rt.url}/saf/SafStore`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payment(n)) });
      outcomes.set(n, { status: res.status, body: await res.text() });
    }
  };
  const statuses = () => [...outcomes.values()].map((o) => o.status);
  const acked = () => statuses().filter((s) => s === 200).length;
  const refused = () => statuses().filter((s) => s >= 500).length;
  const clients = Array.from({ length: 4 }, client);
  try {
    await eventually(() => acked() >= 100, () => `${acked()} stored before the outage`);
    await broker.stop();
    const refusedAtStop = refused();
    await eventually(() => refused() >= refusedAtStop + 20, () => `${refused()} refused during the outage`);
    const ackedInOutage = acked();
    await broker.start();
    await eventually(() => acked() >= ackedInOutage + 100, () => `${acked() - ackedInOutage} stored after the restart`, 60_000);
  } finally {
    storing = false;
    await Promise.all(clients);
  }

  const all = [...outcomes];
  assert.deepEqual(
    all.filter(([, o]) => o.status !== 200 && (o.status < 500 || o.status > 599)),
    [],
    'every answer is 200 (stored) or 5xx (not stored)',
  );
  const refusals = all.filter(([, o]) => o.status >= 500);
  assert.ok(refusals.length >= 20);
  for (const [, o] of refusals) assert.match(o.body, /"code":"CONDUIT_[A-Z_]+".*not stored in SafStore/);
  assert.match(rt.output(), /message store SafStore: reconnected to amqp:\/\/guest:\*\*\*@127\.0\.0\.1:\d+/);

  const stored = all.filter(([, o]) => o.status === 200).map(([n]) => n);
  const undelivered = () => {
    const delivered = new Set(hospital.stats.payments.appointmentNumbers);
    return stored.filter((n) => !delivered.has(n)).length;
  };
  await drained(undelivered, (left) => `${left} of ${stored.length} acknowledged messages not delivered`);
  await eventually(async () => (await storeSizes(dir)).SafStore === 0, () => 'the queue drains');
});
