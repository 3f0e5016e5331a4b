/**
 * One contract, run against every store: FIFO order, receive hands out without removing, ack removes,
 * nack and a closed consumer put the message back at the head, browse and purge. The RabbitMQ run uses
 * the real broker.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { connect } from 'amqplib';
import { AMQP_URL, needRabbit } from '../../../test/helpers/rabbitmq';
import { n, storedMessage } from '../../../test/helpers/stored-message';
import { MemoryLogger } from '../logger';
import { EmbeddedStore } from './embedded';
import { InMemoryStore } from './in-memory';
import { RabbitMQStore } from './rabbitmq';
import type { MessageStore } from './types';

interface Kind {
  name: string;
  /** Returns an open store, or undefined when the test was skipped. */
  make(t: TestContext): Promise<MessageStore | undefined>;
}

const kinds: Kind[] = [
  {
    name: 'in-memory',
    make: async () => new InMemoryStore('S'),
  },
  {
    name: 'embedded',
    make: async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'conduit-store-'));
      const s = new EmbeddedStore('S', { dataDir: dir });
      await s.open();
      t.after(async () => {
        await s.close();
        rmSync(dir, { recursive: true, force: true });
      });
      return s;
    },
  },
  {
    name: 'rabbitmq',
    make: async (t) => {
      if (!(await needRabbit(t))) return undefined;
      const queue = `conduit-contract-${randomUUID()}`;
      const s = new RabbitMQStore(
        'S',
        { 'store.rabbitmq.queue.name': queue, 'store.producer.guaranteed.delivery.enable': 'true' },
        { logger: new MemoryLogger() },
      );
      await s.open();
      assert.ok(s.connected, 'connected to the broker');
      t.after(async () => {
        await s.close();
        const c = await connect(AMQP_URL);
        const ch = await c.createChannel();
        await ch.deleteQueue(queue);
        await c.close();
      });
      return s;
    },
  },
];

for (const kind of kinds) {
  describe(`${kind.name} store contract`, () => {
    test('FIFO: receive hands out the oldest message, ack removes it', async (t) => {
      const s = await kind.make(t);
      if (!s) return;
      for (let i = 1; i <= 3; i++) await s.store(storedMessage({ n: i }));
      assert.equal(await s.size(), 3);
      const c = s.consumer();
      const seen: number[] = [];
      for (;;) {
        const d = await c.receive();
        if (!d) break;
        seen.push(n(d.message)!);
        assert.equal(d.redelivered, false);
        await d.ack();
      }
      assert.deepEqual(seen, [1, 2, 3]);
      assert.equal(await s.size(), 0);
      await c.close();
    });

    test('a message in hand stays stored and is not handed to a second consumer', async (t) => {
      const s = await kind.make(t);
      if (!s) return;
      await s.store(storedMessage({ n: 1 }));
      await s.store(storedMessage({ n: 2 }));
      const a = s.consumer();
      const b = s.consumer();
      const d1 = await a.receive();
      const d2 = await b.receive();
      assert.equal(n(d1?.message), 1);
      assert.equal(n(d2?.message), 2);
      assert.equal(await s.size(), 2, 'unacked messages still count');
      assert.equal(await b.receive(), undefined);
      await d1!.ack();
      await d2!.ack();
      assert.equal(await s.size(), 0);
      await a.close();
      await b.close();
    });

    test('nack returns the message to the head, marked redelivered', async (t) => {
      const s = await kind.make(t);
      if (!s) return;
      await s.store(storedMessage({ n: 1 }));
      await s.store(storedMessage({ n: 2 }));
      const c = s.consumer();
      const d = await c.receive();
      await d!.nack();
      const again = await c.receive();
      assert.equal(n(again?.message), 1);
      assert.equal(again!.redelivered, true);
      await again!.ack();
      await c.close();
    });

    test('closing a consumer returns its unacknowledged messages', async (t) => {
      const s = await kind.make(t);
      if (!s) return;
      await s.store(storedMessage({ n: 1 }));
      const a = s.consumer();
      assert.equal(n((await a.receive())?.message), 1);
      await a.close();
      const b = s.consumer();
      const d = await b.receive();
      assert.equal(n(d?.message), 1);
      await d!.ack();
      await b.close();
      assert.equal(await s.size(), 0);
    });

    test('the stored message comes back field for field', async (t) => {
      const s = await kind.make(t);
      if (!s) return;
      const m = storedMessage({ n: 7, text: 'ünïcode ✓' }, { card_number: '7844481124110331', 'uri.var.hospital': 'grandoaks' });
      await s.store(m);
      const c = s.consumer();
      const d = await c.receive();
      assert.deepEqual(d?.message, m);
      await d!.ack();
      await c.close();
    });

    test('browse leaves messages in place; purge removes them all', async (t) => {
      const s = await kind.make(t);
      if (!s) return;
      for (let i = 1; i <= 5; i++) await s.store(storedMessage({ n: i }));
      assert.deepEqual((await s.browse(3)).map(n), [1, 2, 3]);
      assert.equal(await s.size(), 5);
      const c = s.consumer();
      assert.equal(n((await c.receive())?.message), 1, 'browse did not disturb the order');
      await c.close();
      assert.equal(await s.purge(), 5);
      assert.equal(await s.size(), 0);
      const c2 = s.consumer();
      assert.equal(await c2.receive(), undefined);
      await c2.close();
    });

    test('with a consumer waiting for more, browse, size and purge still see every stored message', async (t) => {
      const s = await kind.make(t);
      if (!s) return;
      for (let i = 1; i <= 3; i++) await s.store(storedMessage({ n: i }));
      const c = s.consumer();
      const d = await c.receive();
      assert.equal(n(d?.message), 1);
      await d!.ack();
      // a store that pushes to its consumers has message 2 on its way to this one by now
      assert.deepEqual((await s.browse(10)).map(n), [2, 3]);
      assert.equal(await s.size(), 2);
      assert.equal(await s.purge(), 2);
      assert.equal(await s.size(), 0);
      assert.equal(await c.receive(), undefined);
      await s.store(storedMessage({ n: 4 }));
      assert.equal(n((await c.receive())?.message), 4, 'the consumer goes on after a purge');
      await c.close();
    });
  });
}
