/**
 * The sampling processor against a real HTTP back end: messages go through the sequence in order and
 * are acknowledged after it completes; a failed sequence leaves the message stored and it is retried
 * until the back end answers; the WSO2 ack-first behaviour loses it, as documented; cron and is.active.
 */
import { PROCESSOR_CLASSES } from '../../model/catalog/message-processors';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { Backend, callSequence, TestHost, until } from '../../../test/helpers/processor-host';
import { storedMessage } from '../../../test/helpers/stored-message';
import { EmbeddedStore } from '../stores/embedded';
import { createProcessor } from './factory';

async function setup(t: TestContext, parameters: Record<string, string>) {
  const backend = await new Backend().start();
  const dir = mkdtempSync(join(tmpdir(), 'conduit-sampling-'));
  const store = new EmbeddedStore('PaymentRequestMessageStore', { dataDir: dir });
  await store.open();
  const host = new TestHost();
  host.stores.set(store.name, store);
  host.endpoints.set('SettlePaymentEP', backend.url);
  host.sequences.set('PaymentRequestProcessingSequence', callSequence('SettlePaymentEP'));
  const processor = createProcessor(
    {
      name: 'PaymentRequestProcessor',
      className: PROCESSOR_CLASSES.sampling,
      messageStore: store.name,
      parameters: { sequence: 'PaymentRequestProcessingSequence', interval: '20', 'conduit.interval.minimum': '10', concurrency: '1', ...parameters },
    },
    host,
  );
  t.after(async () => {
    await processor.stop();
    await store.close();
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { backend, store, host, processor };
}

test('mediates every stored message in order and removes it after the sequence completes', async (t) => {
  const { backend, store, processor } = await setup(t, {});
  for (let i = 1; i <= 5; i++) await store.store(storedMessage({ n: i }));
  await processor.start();
  assert.equal(processor.state(), 'active');
  await until(async () => (await store.size()) === 0);
  assert.deepEqual(backend.delivered().map((b) => b.n), [1, 2, 3, 4, 5]);
});

test('at-least-once: while the back end is down the message stays stored, and is delivered once it is up', async (t) => {
  const { backend, store, host, processor } = await setup(t, {});
  await backend.stop();
  await store.store(storedMessage({ n: 1 }));
  await processor.start();
  // failed and retried at least twice
  await until(() => host.logger.records.filter((r) => r.message.includes('CONDUIT_PROCESSOR_SEQUENCE_FAILED')).length >= 2);
  assert.equal(await store.size(), 1, 'kept while the back end is down');
  await backend.start();
  await until(async () => (await store.size()) === 0);
  assert.deepEqual(backend.delivered().map((b) => b.n), [1]);
});

test('a 500 from the back end fails the sequence, and the message is retried until it succeeds', async (t) => {
  const { backend, store, processor } = await setup(t, {});
  backend.mode = 500;
  await store.store(storedMessage({ n: 1 }));
  await processor.start();
  await until(() => backend.received.length >= 3);
  assert.equal(await store.size(), 1);
  backend.mode = 200;
  await until(async () => (await store.size()) === 0);
  assert.deepEqual(backend.delivered().map((b) => b.n), [1]);
});

test('conduit.ack.before.mediation=true restores WSO2 behaviour: a failed sequence loses the message', async (t) => {
  const { backend, store, host, processor } = await setup(t, { 'conduit.ack.before.mediation': 'true' });
  backend.mode = 500;
  await store.store(storedMessage({ n: 1 }));
  await processor.start();
  await host.logger.waitFor((r) => r.message.includes('acknowledged before mediation'));
  assert.equal(await store.size(), 0);
  assert.equal(backend.received.length, 1);
});

test('concurrency takes several messages per tick', async (t) => {
  const { backend, store, processor } = await setup(t, { concurrency: '3', interval: '60000', 'conduit.interval.minimum': '60000' });
  for (let i = 1; i <= 4; i++) await store.store(storedMessage({ n: i }));
  await processor.start();
  // the first tick runs at once; the next is a minute away
  await until(async () => (await store.size()) === 1);
  assert.equal(backend.received.length, 3);
  assert.deepEqual(backend.delivered().map((b) => b.n).sort(), [1, 2, 3]);
});

test('is.active=false starts inactive; activate() delivers; deactivate() stops taking messages', async (t) => {
  const { backend, store, processor } = await setup(t, { 'is.active': 'false' });
  await store.store(storedMessage({ n: 1 }));
  await processor.start();
  assert.equal(processor.state(), 'inactive');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(backend.received.length, 0);
  await processor.activate();
  await until(async () => (await store.size()) === 0);
  await processor.deactivate();
  assert.equal(processor.state(), 'inactive');
  await store.store(storedMessage({ n: 2 }));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(await store.size(), 1);
  assert.deepEqual(backend.delivered().map((b) => b.n), [1]);
});

test('a Quartz cronExpression (seconds, ?) drives the schedule', async (t) => {
  const { backend, store, processor } = await setup(t, { cronExpression: '* * * ? * *' });
  await store.store(storedMessage({ n: 1 }));
  await processor.start();
  await until(async () => (await store.size()) === 0, 5000);
  assert.deepEqual(backend.delivered().map((b) => b.n), [1]);
});

test('a bad cron expression or interval is refused with a clear code', () => {
  const host = new TestHost();
  const def = { name: 'P', className: PROCESSOR_CLASSES.sampling, messageStore: 'S' };
  assert.throws(() => createProcessor({ ...def, parameters: { cronExpression: 'every day' } }, host), /CONDUIT|cronExpression/);
  assert.throws(
    () => createProcessor({ ...def, parameters: { interval: 'soon' } }, host),
    (err: Error & { code?: string }) => err.code === 'CONDUIT_PROCESSOR_CONFIG_INVALID',
  );
  assert.throws(
    () => createProcessor({ ...def, className: 'com.example.MyProcessor', parameters: {} }, host),
    (err: Error & { code?: string }) => err.code === 'CONDUIT_PROCESSOR_UNSUPPORTED',
  );
});

test('a missing sequence leaves the messages stored instead of dropping them', async (t) => {
  const { backend, store, host, processor } = await setup(t, { sequence: 'NoSuchSequence' });
  await store.store(storedMessage({ n: 1 }));
  await processor.start();
  await host.logger.waitFor((r) => r.message.includes('CONDUIT_REFERENCE_UNRESOLVED'));
  assert.equal(await store.size(), 1);
  assert.equal(backend.received.length, 0);
});
