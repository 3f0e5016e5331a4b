/**
 * The RabbitMQ store when the broker drops its connection: closed from the broker side with
 * reconnection refused for a while, store() rejects during the outage instead of hanging, the store
 * reconnects afterwards, and no message is lost. Runs in its own vhost so no other connection on the
 * broker is touched.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import { MemoryLogger } from '../../src/runtime/logger';
import { RabbitMQStore } from '../../src/runtime/stores/rabbitmq';
import { needRabbit } from '../helpers/rabbitmq';
import { n, storedMessage } from '../helpers/stored-message';

const RABBITMQCTL = process.env.CONDUIT_TEST_RABBITMQCTL ?? '/tmp/conduit-rabbitmq/rabbitmqctl';
const run = promisify(execFile);

async function ctl(...args: string[]): Promise<void> {
  await run(RABBITMQCTL, args);
}

/** False (and the test skipped) when the broker or rabbitmqctl is missing. */
async function needCtl(t: TestContext): Promise<boolean> {
  if (!(await needRabbit(t))) return false;
  if (existsSync(RABBITMQCTL)) return true;
  t.skip(`rabbitmqctl not found at ${RABBITMQCTL} (set CONDUIT_TEST_RABBITMQCTL)`);
  return false;
}

test('a connection closed by the broker: store() rejects during the outage, reconnects after, nothing lost', async (t) => {
  if (!(await needCtl(t))) return;
  const vhost = `conduit-test-${randomUUID().slice(0, 8)}`;
  await ctl('add_vhost', vhost);
  await ctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
  t.after(() => ctl('delete_vhost', vhost).catch(() => {}));
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
  await ctl('clear_permissions', '-p', vhost, 'guest');
  await ctl('close_all_connections', '-p', vhost, 'conduit outage test');
  await logger.waitFor((r) => r.message.includes('lost the connection'));

  await assert.rejects(store.store(storedMessage({ n: 99 })), (err: Error & { code?: string }) => err.code === 'CONDUIT_STORE_UNAVAILABLE');
  await assert.rejects(consumer.receive(), (err: Error & { code?: string }) => err.code === 'CONDUIT_STORE_UNAVAILABLE');
  await assert.rejects(held!.ack(), (err: Error & { code?: string }) => err.code === 'CONDUIT_STORE_UNAVAILABLE');
  assert.equal(store.connected, false);

  await ctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
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
