/**
 * The RabbitMQ store against the real broker: MI's topology and persistent messages, checked with a
 * raw amqplib channel, and publisher confirms (a broker policy makes the broker refuse a message).
 * Queue and exchange names are unique per run, so other users of the broker are not disturbed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { connect } from 'amqplib';
import { MemoryLogger } from '../../src/runtime/logger';
import { RabbitMQStore } from '../../src/runtime/stores/rabbitmq';
import type { StoredMessage } from '../../src/runtime/stores/types';
import { AMQP_URL, needRabbit, needRabbitmqctl, rabbitmqctl } from '../helpers/rabbitmq';
import { n, storedMessage } from '../helpers/stored-message';


async function deleteTopology(queue: string, exchange?: string): Promise<void> {
  const c = await connect(AMQP_URL);
  const ch = await c.createChannel();
  await ch.deleteQueue(queue);
  if (exchange) await ch.deleteExchange(exchange);
  await c.close();
}

test('declares the queue, exchange and binding with MI names and publishes persistent messages', async (t) => {
  if (!(await needRabbit(t))) return;
  const id = randomUUID().slice(0, 8);
  const queue = `PaymentRequestJMSMessageStore-${id}`;
  const exchange = `exchange-${id}`;
  const logger = new MemoryLogger();
  // the tutorial's PaymentRequestMessageStore parameters, with unique names
  const store = new RabbitMQStore(
    'PaymentRequestMessageStore',
    {
      'store.rabbitmq.host.name': '127.0.0.1',
      'store.producer.guaranteed.delivery.enable': 'false',
      'store.rabbitmq.host.port': '5672',
      'store.rabbitmq.route.key': 'key',
      'store.rabbitmq.username': 'guest',
      'store.rabbitmq.virtual.host': '',
      'rabbitmq.connection.ssl.enabled': 'false',
      'store.rabbitmq.exchange.name': exchange,
      'store.rabbitmq.queue.name': queue,
      'store.rabbitmq.password': 'guest',
    },
    { logger },
  );
  await store.open();
  t.after(async () => {
    await store.close();
    await deleteTopology(queue, exchange);
  });
  const sent = storedMessage({ n: 1 }, { card_number: '7844481124110331' });
  await store.store(sent);

  const raw = await connect(AMQP_URL);
  t.after(() => raw.close());
  const ch = await raw.createChannel();
  await ch.checkExchange(exchange);
  // it arrives through the exchange and the binding, so finding it proves both
  let got;
  for (let i = 0; i < 100 && !got; i++) {
    got = await ch.get(queue, { noAck: false });
    if (!got) await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(got, 'the message reached the queue');
  assert.equal(got.properties.deliveryMode, 2, 'persistent');
  assert.equal(got.properties.messageId, sent.messageId);
  assert.deepEqual(JSON.parse(got.content.toString()) as StoredMessage, sent);
  ch.nack(got, false, true);
  // durable: redeclaring the queue as non-durable must fail
  const ch2 = await raw.createChannel();
  ch2.on('error', () => {});
  await assert.rejects(ch2.assertQueue(queue, { durable: false }), /PRECONDITION_FAILED/);
  // so is the exchange, and it is a direct one
  const ch3 = await raw.createChannel();
  ch3.on('error', () => {});
  await assert.rejects(ch3.assertExchange(exchange, 'topic', { durable: true }), /PRECONDITION_FAILED/);

  assert.ok(logger.lines().some((l) => l.includes('amqp://guest:***@127.0.0.1:5672/%2F')));
  assert.ok(!logger.lines().some((l) => l.includes('guest:guest')), 'the password never appears in a log line');
});

test('with guaranteed delivery, store() waits for the confirm and rejects when the broker refuses', async (t) => {
  if (!(await needRabbitmqctl(t))) return;
  const queue = `conduit-confirm-${randomUUID().slice(0, 8)}`;
  const store = new RabbitMQStore(queue, { 'store.rabbitmq.host.name': '127.0.0.1', 'store.producer.guaranteed.delivery.enable': 'true' }, {
    logger: new MemoryLogger(),
  });
  await store.open();
  t.after(async () => {
    await store.close();
    await rabbitmqctl('clear_policy', queue).catch(() => {});
    await deleteTopology(queue);
  });
  await store.store(storedMessage({ n: 1 }));
  // confirmed means enqueued: visible at once, no waiting
  assert.equal(await store.size(), 1);

  await rabbitmqctl('set_policy', '--apply-to', 'queues', queue, `^${queue}$`, '{"max-length":1,"overflow":"reject-publish"}');
  let refused: unknown;
  for (let i = 0; i < 50 && !refused; i++) {
    // the policy reaches the queue shortly after rabbitmqctl returns
    await store.store(storedMessage({ n: 2 })).catch((err) => (refused = err));
    if (!refused) {
      await store.purge();
      await store.store(storedMessage({ n: 1 }));
    }
  }
  assert.ok(refused, 'the broker refused a message over the limit');
  assert.equal((refused as { code?: string }).code, 'CONDUIT_STORE_FAILED');
  assert.deepEqual((await store.browse()).map(n), [1]);
});
