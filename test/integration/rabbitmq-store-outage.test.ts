/**
 * The RabbitMQ store when the broker drops its connection: closed from the broker side with
 * reconnection refused for a while, store() rejects during the outage instead of hanging, the store
 * reconnects afterwards, and no message is lost. Runs in its own vhost so no other connection on the
 * broker is touched.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { MemoryLogger } from '../../src/runtime/logger';
import { RabbitMQStore } from '../../src/runtime/stores/rabbitmq';
import { needRabbitmqctl, rabbitmqctl } from '../helpers/rabbitmq';
import { n, storedMessage } from '../helpers/stored-message';


test('a connection closed by the broker: store() rejects during the outage, reconnects after, nothing lost', async (t) => {
  if (!(await needRabbitmqctl(t))) return;
  const vhost = `conduit-test-${randomUUID().slice(0, 8)}`;
  await rabbitmqctl('add_vhost', vhost);
  await rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
  t.after(() => rabbitmqctl('delete_vhost', vhost).catch(() => {}));
  const logger = new MemoryLogger();
  const store = new RabbitMQStore(
    'Outage',
    {
      'store.rabbitmq.host.name': '127.0.0.1',
      'store.rabbitmq.virtual.host': vhost,
      'store.producer.guaranteed.delivery.enable': 'true',
      'rabbitmq.connection.retry.interval': '300',
    },
    { logger },
  );
  await store.open();
  const consumer = store.consumer();
  t.after(async () => {
    await consumer.close();
    await store.close();
  });
  for (let i = 1; i <= 3; i++) await store.store(storedMessage({ n: i }));
  const held = await consumer.receive();
  assert.equal(n(held?.message), 1);

  // refuse reconnection until permissions come back, then drop every connection of this vhost
  await rabbitmqctl('clear_permissions', '-p', vhost, 'guest');
  await rabbitmqctl('close_all_connections', '-p', vhost, 'conduit outage test');
  await logger.waitFor((r) => r.message.includes('lost the connection'));

  await assert.rejects(store.store(storedMessage({ n: 99 })), (err: Error & { code?: string }) => err.code === 'CONDUIT_STORE_UNAVAILABLE');
  await assert.rejects(consumer.receive(), (err: Error & { code?: string }) => err.code === 'CONDUIT_STORE_UNAVAILABLE');
  await assert.rejects(held!.ack(), (err: Error & { code?: string }) => err.code === 'CONDUIT_STORE_UNAVAILABLE');
  assert.equal(store.connected, false);

  await rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
  await logger.waitFor((r) => r.message.includes('reconnected to'), 20_000);
  await store.store(storedMessage({ n: 4 }));

  const seen: Array<[number, boolean]> = [];
  for (let d = await consumer.receive(); d; d = await consumer.receive()) {
    seen.push([n(d.message)!, d.redelivered]);
    await d.ack();
  }
  assert.deepEqual(seen, [
    [1, true],
    [2, false],
    [3, false],
    [4, false],
  ]);
});
