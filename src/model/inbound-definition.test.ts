import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readArtifact } from './artifacts';
import { readInbound, type FileInboundDefinition, type HttpInboundDefinition } from './inbound-definition';
import type { Artifact } from './types';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

function inbound(attrs: string, params = ''): Artifact {
  const { artifact } = readArtifact('/p/inbound-endpoints/I.xml', `<inboundEndpoint ${S} name="I" ${attrs}><parameters>${params}</parameters></inboundEndpoint>`);
  assert.ok(artifact);
  return artifact;
}

const port = (v: string) => `<parameter name="inbound.http.port">${v}</parameter>`;

test('an HTTP inbound endpoint as MI for VS Code writes it', () => {
  const r = readInbound(inbound('protocol="http" sequence="In" onError="Err" suspend="false"', port('8285')));
  assert.deepEqual(r.problems, []);
  assert.deepEqual({ ...r.inbound, dispatchPattern: undefined }, { protocol: 'http', name: 'I', sequence: 'In', onError: 'Err', suspended: false, port: 8285, dispatchPattern: undefined });
});

test('suspend="true" deploys suspended; dispatch.filter.pattern matches the whole path as Java does', () => {
  const r = readInbound(inbound('protocol="http" sequence="In" suspend="true"', port('8285') + '<parameter name="dispatch.filter.pattern">/api/.*</parameter>'));
  const http = r.inbound as HttpInboundDefinition;
  assert.equal(http.suspended, true);
  assert.equal(http.dispatchPattern?.matches('/api/orders?x=1'), true);
  assert.equal(http.dispatchPattern?.matches('/other/api/x'), false);
});

test('a port that is missing, not a number or out of range refuses the inbound endpoint at the parameter', () => {
  for (const [params, words] of [
    ['', /needs the inbound\.http\.port parameter/],
    [port('80a'), /Please provide port number as integer instead of port 80a/],
    [port('0'), /is not a port from 1 to 65535/],
    [port('70000'), /is not a port from 1 to 65535/],
  ] as const) {
    const r = readInbound(inbound('protocol="http" sequence="In"', params));
    assert.equal(r.inbound, undefined);
    assert.equal(r.refusal?.code, 'CONDUIT_INBOUND_CONFIG_INVALID');
    assert.match(r.refusal!.message, words);
  }
});

test('protocols and classes Conduit does not run are refused as unsupported', () => {
  assert.equal(readInbound(inbound('protocol="kafka" sequence="In"')).refusal?.code, 'CONDUIT_UNSUPPORTED');
  assert.equal(readInbound(inbound('protocol="rabbitmq"', '<parameter name="rabbitmq.connection.ssl.enabled">true</parameter>')).refusal?.code, 'CONDUIT_UNSUPPORTED');
  assert.equal(readInbound(inbound('class="org.example.Custom" sequence="In"')).refusal?.code, 'CONDUIT_UNSUPPORTED');
  assert.equal(readInbound(inbound('sequence="In"')).refusal?.code, 'CONDUIT_ARTIFACT_INVALID');
});

test('a RabbitMQ inbound endpoint with MI defaults: localhost:5672, guest, the queue named after it, auto.ack true', () => {
  const r = readInbound(inbound('protocol="rabbitmq" sequence="In"', '<parameter name="rabbitmq.connection.factory">AMQPConnectionFactory</parameter>'));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.inbound, {
    name: 'I', sequence: 'In', onError: undefined, suspended: false, protocol: 'rabbitmq', host: 'localhost', port: 5672, username: 'guest', password: 'guest', vhost: '/',
    queue: 'I', autoAck: true, prefetch: undefined, contentType: undefined, declareQueue: true, durable: true, exchange: undefined, routingKey: undefined, retryInterval: 30000,
  });
});

test('RabbitMQ parameters that are not numbers or booleans refuse the inbound endpoint', () => {
  for (const [name, value, words] of [
    ['rabbitmq.server.port', 'amqp', /rabbitmq\.server\.port must be a whole number, not 'amqp'/],
    ['rabbitmq.channel.consumer.qos', '0', /rabbitmq\.channel\.consumer\.qos 0 is not a number from 1 to 65535/],
    ['rabbitmq.queue.auto.ack', 'yes', /rabbitmq\.queue\.auto\.ack must be true or false, not 'yes'/],
  ] as const) {
    const r = readInbound(inbound('protocol="rabbitmq" sequence="In"', `<parameter name="${name}">${value}</parameter>`));
    assert.equal(r.refusal?.code, 'CONDUIT_INBOUND_CONFIG_INVALID', name);
    assert.match(r.refusal!.message, words);
  }
});

test('a file inbound endpoint: a file:// folder, DELETE after processing and the file kept after a failure by default', () => {
  const r = readInbound(inbound('protocol="file" sequence="In"', '<parameter name="transport.vfs.FileURI">file:///data/in</parameter><parameter name="transport.PollInterval">2</parameter>'));
  assert.deepEqual(r.problems, []);
  const f = r.inbound as FileInboundDefinition;
  assert.equal(f.folder, '/data/in');
  assert.equal(f.intervalMs, 2000);
  assert.deepEqual(f.afterProcess, { action: 'delete' });
  assert.deepEqual(f.afterFailure, { action: 'keep' });
  const moved = readInbound(
    inbound('protocol="file"', '<parameter name="transport.vfs.FileURI">/data/in</parameter><parameter name="interval">250</parameter><parameter name="transport.vfs.ActionAfterFailure">MOVE</parameter><parameter name="transport.vfs.MoveAfterFailure">file:///data/failed</parameter>'),
  ).inbound as FileInboundDefinition;
  assert.equal(moved.intervalMs, 250);
  assert.deepEqual(moved.afterFailure, { action: 'move', folder: '/data/failed' });
});

test('a file inbound endpoint on another file system, without a folder or with an unknown action is refused', () => {
  assert.equal(readInbound(inbound('protocol="file"', '<parameter name="transport.vfs.FileURI">ftp://h/in</parameter>')).refusal?.code, 'CONDUIT_UNSUPPORTED');
  assert.match(readInbound(inbound('protocol="file"')).refusal!.message, /needs transport\.vfs\.FileURI/);
  assert.match(
    readInbound(inbound('protocol="file"', '<parameter name="transport.vfs.FileURI">file:///in</parameter><parameter name="transport.vfs.ActionAfterProcess">COPY</parameter>')).refusal!.message,
    /transport\.vfs\.ActionAfterProcess must be MOVE or DELETE, not 'COPY'/,
  );
});
