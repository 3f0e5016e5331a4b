/** Class names map as MI maps them; unsupported types are refused with a code, never a crash. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryLogger } from '../logger';
import { createStore } from './factory';

const logger = new MemoryLogger();
const options = { dataDir: join(tmpdir(), 'conduit-factory-unused'), logger };

test('MI class names, deprecated ones and no class map to the right store', () => {
  assert.equal(createStore({ name: 'a', parameters: {} }, options).kind, 'in-memory');
  assert.equal(createStore({ name: 'a', className: 'org.apache.synapse.message.store.InMemoryMessageStore', parameters: {} }, options).kind, 'in-memory');
  assert.equal(createStore({ name: 'a', className: 'org.apache.synapse.message.store.impl.memory.InMemoryStore', parameters: {} }, options).kind, 'in-memory');
  assert.equal(createStore({ name: 'a', className: 'org.conduit.store.EmbeddedStore', parameters: {} }, options).kind, 'embedded');
  assert.equal(createStore({ name: 'a', className: 'org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore', parameters: {} }, options).kind, 'rabbitmq');
});

test('with embeddedBroker a RabbitMQ store is served by the embedded store, and says so', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-factory-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = new MemoryLogger();
  const s = createStore(
    { name: 'PaymentRequestMessageStore', className: 'org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore', parameters: { 'store.rabbitmq.password': 'secret' } },
    { dataDir: dir, logger: log, embeddedBroker: true },
  );
  assert.equal(s.kind, 'embedded');
  assert.equal(log.records.length, 1);
  assert.match(log.records[0]!.message, /PaymentRequestMessageStore: RabbitMQ store served by the embedded durable store/);
  assert.doesNotMatch(log.lines().join('\n'), /secret/);
  await s.open();
  await s.close();
});

test('JMS, WSO2 MB, JDBC, Resequence and custom stores are refused with CONDUIT_STORE_UNSUPPORTED', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['org.apache.synapse.message.store.impl.jms.JmsStore', {}, /JMS stores/],
    ['org.apache.synapse.message.store.impl.jms.JmsStore', { 'java.naming.factory.initial': 'org.wso2.andes.jndi.PropertiesFileInitialContextFactory' }, /WSO2 Message Broker/],
    ['org.wso2.carbon.message.store.persistence.jms.JMSMessageStore', {}, /JMS/],
    ['org.apache.synapse.message.store.impl.jdbc.JDBCMessageStore', {}, /JDBC/],
    ['org.apache.synapse.message.store.impl.resequencer.ResequenceMessageStore', {}, /Resequence/],
    ['com.example.MyStore', {}, /custom \(com\.example\.MyStore\)/],
  ];
  for (const [className, parameters, message] of cases) {
    assert.throws(
      () => createStore({ name: 'S', className, parameters }, options),
      (err: Error & { code?: string }) => err.code === 'CONDUIT_STORE_UNSUPPORTED' && message.test(err.message),
      className,
    );
  }
});

test('a bad RabbitMQ parameter or TLS store type is a config error, not a crash', () => {
  const rabbit = 'org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore';
  assert.throws(
    () => createStore({ name: 'S', className: rabbit, parameters: { 'store.rabbitmq.host.port': 'five' } }, options),
    (err: Error & { code?: string }) => err.code === 'CONDUIT_STORE_CONFIG_INVALID',
  );
  assert.throws(
    () =>
      createStore(
        { name: 'S', className: rabbit, parameters: { 'rabbitmq.connection.ssl.enabled': 'true', 'rabbitmq.connection.ssl.truststore.location': '/nonexistent/client-truststore.jks' } },
        options,
      ),
    (err: Error & { code?: string }) => err.code === 'CONDUIT_STORE_CONFIG_INVALID' && /PEM/.test(err.message),
  );
});
