import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { NS, projectFromXml } from '../helpers/project-from-xml';

/** A RabbitMQ store whose broker cannot be reached (nothing listens on port 1). */
const unreachable = (name: string, extra = '') => `<messageStore name="${name}" class="org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore" ${NS}>
  <parameter name="store.rabbitmq.host.name">127.0.0.1</parameter>
  <parameter name="store.rabbitmq.host.port">1</parameter>${extra}
</messageStore>`;

describe('store mediator', () => {
  let rt: Runtime;
  const logger = new MemoryLogger();
  before(async () => {
    rt = createRuntime({ logger, port: 0 });
    const report = await rt.deploy(
      projectFromXml({
        'message-stores/Memory.xml': `<messageStore name="Memory" ${NS}/>`,
        'message-stores/Backup.xml': `<messageStore name="Backup" ${NS}/>`,
        'message-stores/Broken.xml': unreachable('Broken'),
        'message-stores/Guarded.xml': unreachable(
          'Guarded',
          `<parameter name="store.producer.guaranteed.delivery.enable">true</parameter><parameter name="store.failover.message.store.name">Backup</parameter>`,
        ),
        'apis/S.xml': `<api name="S" context="/s" ${NS}>
          <resource methods="POST" uri-template="/{store}">
            <inSequence><store messageStore="{get-property('uri.var.store')}"/><respond/></inSequence>
            <faultSequence/>
          </resource>
        </api>`,
      }),
    );
    assert.deepEqual(report.failed, []);
  });
  after(async () => rt.stop());

  test('stores a copy with payload, content type, string properties and axis2 values, then continues', async () => {
    const res = await rt.inject({ method: 'POST', url: '/s/Memory?tag=a', body: { order: 1 } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { order: 1 });
    const [stored] = await rt.store('Memory')!.browse();
    assert.equal(stored.payload.kind, 'json');
    assert.equal(stored.payload.text, '{"order":1}');
    assert.equal(stored.payload.contentType, 'application/json');
    assert.equal(stored.properties['uri.var.store'], 'Memory');
    assert.equal(stored.properties['query.param.tag'], 'a');
    assert.equal(stored.axis2.HTTP_METHOD, 'POST');
    assert.equal(stored.origin, 'S');
    assert.match(stored.messageId, /^urn:uuid:/);
  });

  test('a store that cannot take the message faults with 500: the client is never told it was stored', async () => {
    const res = await rt.inject({ method: 'POST', url: '/s/Broken', body: { order: 2 } });
    assert.equal(res.status, 500);
    assert.notDeepEqual(res.json(), { order: 2 });
    assert.match(res.json().error.message, /not stored in Broken/);
  });

  test('a store with guaranteed delivery falls back to its failover store', async () => {
    const res = await rt.inject({ method: 'POST', url: '/s/Guarded', body: { order: 3 } });
    assert.equal(res.status, 200);
    const held = await rt.store('Backup')!.browse();
    assert.deepEqual(held.map((m) => m.payload.text), ['{"order":3}']);
  });

  test('a store that is not deployed faults with 500', async () => {
    const res = await rt.inject({ method: 'POST', url: '/s/Nope', body: { order: 4 } });
    assert.equal(res.status, 500);
  });
});
