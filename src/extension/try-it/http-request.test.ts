import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expandTemplate, formatResponse, send, templateVariables } from './http-request';

test('URI templates: variables in order, values percent-encoded, query part expanded too', () => {
  assert.deepEqual(templateVariables('/categories/{category}/reserve/{id}?from={category}'), ['category', 'id']);
  assert.equal(expandTemplate('/categories/{category}/reserve', { category: 'surgery' }), '/categories/surgery/reserve');
  assert.equal(expandTemplate('/q/{name}?x={x}', { name: 'a b/c', x: '1&2' }), '/q/a%20b%2Fc?x=1%262');
});

test('send: method, body and headers reach the server; the answer is rendered with JSON pretty-printed', async () => {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-seen-method': req.method ?? '' });
      res.end(JSON.stringify({ got: JSON.parse(body), type: req.headers['content-type'] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    const req = { method: 'PUT', url, headers: { 'content-type': 'application/json' }, body: '{"a":1}' };
    const res = await send(req);
    assert.equal(res.status, 201);
    assert.equal(res.headers['x-seen-method'], 'PUT');
    assert.deepEqual(JSON.parse(res.body), { got: { a: 1 }, type: 'application/json' });
    const text = formatResponse(req, res);
    assert.match(text, /^PUT http:\/\/127\.0\.0\.1:\d+\/x\nHTTP 201 Created/);
    assert.match(text, /\n\{\n {2}"got": \{\n {4}"a": 1\n {2}\},/);
  } finally {
    server.close();
  }
});
