/**
 * A project written the MI 4.4 way (test/fixtures/mi44-orders): `${...}` expressions, variables, a
 * `<message>` template log and payloadFactory with expressions, stored in an in-memory store that a
 * scheduled forwarding processor posts to a real local back end. Its endpoint names
 * http://localhost:9191; the runtime's endpointOverrides points that at the back end's ephemeral port.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProject } from '../../src/model/project';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime } from '../../src/runtime/runtime';
import { createFaultyBackend } from '../helpers/backends';

const FIXTURE = join(__dirname, '..', 'fixtures', 'mi44-orders');

test('MI 4.4 orders project: answers the client, logs the template, forwards the built payload', async (t) => {
  const backend = await createFaultyBackend({ kind: 'ok' });
  t.after(() => backend.close());
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0, endpointOverrides: { 'http://localhost:9191': backend.url } });
  t.after(() => rt.stop());

  const report = await rt.deploy(await loadProject(FIXTURE));
  assert.deepEqual(report.failed, [], logger.lines().join('\n'));

  const res = await rt.inject({
    method: 'POST',
    url: '/orders/17',
    headers: { 'Content-Type': 'application/json' },
    body: '{"customer":{"name":"Ann Lee"},"sku":"A-100","qty":3,"unitPrice":2.50,"tags":["gift","fragile"]}',
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.text, '{"status":"accepted","orderId":"17"}');
  const contentType = Object.entries(res.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  assert.match(String(contentType), /^application\/json/);

  const logged = logger.records.filter((r) => r.category === 'LogMediator');
  assert.deepEqual(
    logged.map((r) => `${r.level} ${r.message}`),
    ['INFO {api:OrdersAPI POST /orders/17} Order 17 for Ann Lee: 3 x A-100 = 7.5'],
  );
  assert.ok(
    logger.lines().some((l) => /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\]  INFO \{LogMediator\} - \{api:OrdersAPI POST \/orders\/17\} Order 17 for Ann Lee: 3 x A-100 = 7\.5$/.test(l)),
    logger.lines().join('\n'),
  );

  // The processor takes the stored message on its next tick and posts it to the endpoint.
  const [received] = await backend.waitForRequests(1);
  assert.equal(received.method, 'POST');
  assert.equal(received.url, '/fulfilment/orders');
  assert.match(String(received.headers['content-type']), /^application\/json/);
  assert.equal(received.body, '{"orderId":"17","customer":"Ann Lee","sku":"A-100","qty":3,"total":7.5,"express":true,"tags":["gift","fragile"]}');
  assert.equal(backend.requests.length, 1);
});
