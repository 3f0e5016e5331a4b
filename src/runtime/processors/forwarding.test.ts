/**
 * The forwarding processors against a real HTTP back end: success rules (2xx, non.retry.status.codes,
 * reply sequence), head-of-line retries, deactivation with the message kept after the last attempt,
 * reactivation delivering it, the drop and fail-store options, and the failover processor moving
 * messages back into a primary store that was unavailable.
 */
import { PROCESSOR_CLASSES } from '../../model/catalog/message-processors';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { Backend, TestHost, until } from '../../../test/helpers/processor-host';
import { n, storedMessage } from '../../../test/helpers/stored-message';
import { EmbeddedStore } from '../stores/embedded';
import { storeWithFailover } from '../stores/failover';
import { InMemoryStore } from '../stores/in-memory';
import { createProcessor } from './factory';

const OUT_ONLY = { OUT_ONLY: 'true' };

async function setup(t: TestContext, parameters: Record<string, string>, targetEndpoint: string | undefined = 'DeliveryEndpoint') {
  const backend = await new Backend().start();
  const store = new InMemoryStore('sales-delivery-store');
  const host = new TestHost();
  host.stores.set(store.name, store);
  host.endpoints.set('DeliveryEndpoint', backend.url);
  const processor = createProcessor(
    {
      name: 'sales-delivery-processor',
      className: PROCESSOR_CLASSES.forwarding,
      messageStore: store.name,
      targetEndpoint,
      parameters: { interval: '20', 'client.retry.interval': '20', 'max.delivery.attempts': '4', ...parameters },
    },
    host,
  );
  t.after(async () => {
    await processor.stop();
    await backend.stop();
  });
  return { backend, store, host, processor };
}

test('forwards OUT_ONLY messages in order and removes each on a 2xx', async (t) => {
  const { backend, store, processor } = await setup(t, {});
  for (let i = 1; i <= 3; i++) await store.store(storedMessage({ n: i }, OUT_ONLY));
  await processor.start();
  await until(async () => (await store.size()) === 0);
  assert.deepEqual(backend.delivered().map((b) => b.n), [1, 2, 3]);
  assert.equal(processor.state(), 'active');
});

test('interval 0 forwards back to back, in order, with retries still head-of-line', async (t) => {
  const { backend, store, processor } = await setup(t, { interval: '0', 'max.delivery.attempts': '-1' });
  for (let i = 1; i <= 50; i++) await store.store(storedMessage({ n: i }, OUT_ONLY));
  backend.mode = 500;
  await processor.start();
  await until(() => backend.received.length >= 3);
  backend.mode = 200;
  await until(async () => (await store.size()) === 0);
  assert.deepEqual(backend.delivered().map((b) => b.n), Array.from({ length: 50 }, (_, i) => i + 1));
});

test('head-of-line: a failing message is retried and the ones behind it wait', async (t) => {
  const { backend, store, processor } = await setup(t, { 'max.delivery.attempts': '-1' });
  backend.mode = 500;
  await store.store(storedMessage({ n: 1 }, OUT_ONLY));
  await store.store(storedMessage({ n: 2 }, OUT_ONLY));
  await processor.start();
  await until(() => backend.received.length >= 5);
  assert.ok(backend.received.every((r) => (JSON.parse(r.body) as { n: number }).n === 1), 'only the head was tried');
  backend.mode = 200;
  await until(async () => (await store.size()) === 0);
  assert.deepEqual(backend.delivered().map((b) => b.n), [1, 2]);
});

test('after max.delivery.attempts the processor deactivates, keeps the message, and delivers it once reactivated', async (t) => {
  const { backend, store, host, processor } = await setup(t, {
    'max.delivery.attempts': '3',
    'message.processor.fault.sequence': 'FaultSeq',
    'message.processor.deactivate.sequence': 'DeactivateSeq',
  });
  host.sequences.set('FaultSeq', async () => ({ completed: true }));
  host.sequences.set('DeactivateSeq', async () => ({ completed: true }));
  await backend.stop();
  await store.store(storedMessage({ n: 1 }, OUT_ONLY));
  await processor.start();
  await host.logger.waitFor((r) => r.message.includes('CONDUIT_PROCESSOR_DEACTIVATED'));
  assert.equal(processor.state(), 'inactive');
  assert.equal(await store.size(), 1, 'the message is kept');
  assert.equal(host.runs.filter(([s]) => s === 'FaultSeq').length, 3, 'fault sequence once per failed attempt');
  assert.equal(host.runs.filter(([s]) => s === 'DeactivateSeq').length, 1);
  assert.equal(host.logger.records.filter((r) => r.message.includes('CONDUIT_PROCESSOR_DELIVERY_FAILED')).length, 3);

  await backend.start();
  await processor.activate();
  await until(async () => (await store.size()) === 0);
  assert.deepEqual(backend.delivered().map((b) => b.n), [1]);
});

test('a status in non.retry.status.codes counts as delivered', async (t) => {
  const { backend, store, processor } = await setup(t, { 'non.retry.status.codes': '400, 404' });
  backend.mode = 404;
  await store.store(storedMessage({ n: 1 }, OUT_ONLY));
  await processor.start();
  await until(async () => (await store.size()) === 0);
  assert.equal(backend.received.length, 1);
  assert.equal(processor.state(), 'active');
});

test('max.delivery.drop=Enabled drops a message after its attempts and goes on with the next', async (t) => {
  const { backend, store, processor } = await setup(t, { 'max.delivery.attempts': '2', 'max.delivery.drop': 'Enabled' });
  backend.mode = (body) => ((JSON.parse(body) as { n: number }).n === 1 ? 500 : 200);
  await store.store(storedMessage({ n: 1 }, OUT_ONLY));
  await store.store(storedMessage({ n: 2 }, OUT_ONLY));
  await processor.start();
  await until(async () => (await store.size()) === 0);
  assert.equal(backend.received.filter((r) => r.status === 500).length, 2);
  assert.deepEqual(backend.delivered().map((b) => b.n), [2]);
  assert.equal(processor.state(), 'active');
});

test('message.processor.failMessagesStore takes a message after its attempts, and the processor goes on', async (t) => {
  const { backend, store, host, processor } = await setup(t, { 'max.delivery.attempts': '2', 'message.processor.failMessagesStore': 'sales-store' });
  const failStore = new InMemoryStore('sales-store');
  host.stores.set(failStore.name, failStore);
  backend.mode = (body) => ((JSON.parse(body) as { n: number }).n === 1 ? 500 : 200);
  await store.store(storedMessage({ n: 1 }, OUT_ONLY));
  await store.store(storedMessage({ n: 2 }, OUT_ONLY));
  await processor.start();
  await until(async () => (await store.size()) === 0);
  assert.deepEqual((await failStore.browse()).map(n), [1]);
  assert.deepEqual(backend.delivered().map((b) => b.n), [2]);
  assert.equal(processor.state(), 'active');
});

test('a response goes through the reply sequence; without one MI deactivates after delivering', async (t) => {
  const { backend, store, host, processor } = await setup(t, { 'message.processor.reply.sequence': 'ReplySeq' });
  host.sequences.set('ReplySeq', async () => ({ completed: true }));
  await store.store(storedMessage({ n: 1 }));
  await processor.start();
  await until(async () => (await store.size()) === 0);
  const [, reply] = host.runs.find(([s]) => s === 'ReplySeq')!;
  assert.match(reply.payload.text, /"status":"Settled"/, 'the reply sequence sees the back end answer');
  assert.equal(backend.received.length, 1);

  const second = await setup(t, {});
  await second.store.store(storedMessage({ n: 2 }));
  await second.store.store(storedMessage({ n: 3 }));
  await second.processor.start();
  await second.host.logger.waitFor((r) => r.message.includes('CONDUIT_PROCESSOR_DEACTIVATED'));
  assert.deepEqual(second.backend.delivered().map((b) => b.n), [2]);
  assert.equal(await second.store.size(), 1, 'delivered message removed, the next one kept');
});

test('an endpoint that does not exist deactivates the processor and keeps the message', async (t) => {
  const { store, host, processor } = await setup(t, {}, 'NoSuchEndpoint');
  await store.store(storedMessage({ n: 1 }, OUT_ONLY));
  await processor.start();
  await host.logger.waitFor((r) => r.message.includes('CONDUIT_PROCESSOR_DEACTIVATED') && r.message.includes('NoSuchEndpoint'));
  assert.equal(await store.size(), 1);
});

test('the failover processor moves messages back once the primary store takes them again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-failover-'));
  const primary = new EmbeddedStore('primary', { dataDir: dir });
  const failover = new InMemoryStore('failover');
  const host = new TestHost();
  host.stores.set(primary.name, primary);
  host.stores.set(failover.name, failover);
  const processor = createProcessor(
    {
      name: 'failover-processor',
      className: PROCESSOR_CLASSES.failover,
      messageStore: failover.name,
      parameters: { interval: '20', 'client.retry.interval': '20', 'max.delivery.attempts': '0', 'message.target.store.name': 'primary' },
    },
    host,
  );
  t.after(async () => {
    await processor.stop();
    await primary.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // the primary is not open: the store mediator's helper falls back to the failover store
  for (let i = 1; i <= 3; i++) assert.equal(await storeWithFailover(primary, failover, storedMessage({ n: i }), host.logger), failover);
  await processor.start();
  await until(() => host.logger.records.some((r) => r.message.includes('CONDUIT_PROCESSOR_DELIVERY_FAILED')));
  assert.equal(await failover.size(), 3);

  await primary.open();
  await until(async () => (await failover.size()) === 0);
  assert.deepEqual((await primary.browse()).map(n), [1, 2, 3]);
});
