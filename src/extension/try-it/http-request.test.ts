import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError, prettyBody, send } from './http-request';

test('send: method, body and headers reach the server; status, headers and body come back', async () => {
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
    const res = await send({ method: 'PUT', url, headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    assert.equal(res.status, 201);
    assert.equal(res.statusText, 'Created');
    assert.equal(res.headers['x-seen-method'], 'PUT');
    assert.deepEqual(JSON.parse(res.body), { got: { a: 1 }, type: 'application/json' });
  } finally {
    server.close();
  }
});

test('send: a refused connection and a silent server fail with messages that say so', async () => {
  const server = createServer(() => {
    // never answers
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const silent = `http://127.0.0.1:${port}/x`;
    await assert.rejects(send({ method: 'GET', url: silent }, 200), (err) => describeError(err, silent) === 'No answer within 0.2 s.');
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  const refused = `http://127.0.0.1:${port}/x`;
  await assert.rejects(send({ method: 'GET', url: refused }), (err) => describeError(err, refused) === `Connection refused: nothing listens on 127.0.0.1:${port}.`);
});

test('prettyBody: JSON and XML indented by Content-Type or by their look; anything else as it came', () => {
  assert.deepEqual(prettyBody('{"a":[1]}', 'application/json; charset=UTF-8'), { text: '{\n  "a": [\n    1\n  ]\n}', language: 'json' });
  assert.deepEqual(prettyBody('<a><b>x</b></a>', 'text/xml'), { text: '<a>\n  <b>x</b>\n</a>', language: 'xml' });
  assert.deepEqual(prettyBody('<a><b/></a>', ''), { text: '<a>\n  <b/>\n</a>', language: 'xml' });
  assert.deepEqual(prettyBody('{not json', 'application/json'), { text: '{not json', language: 'text' });
  assert.deepEqual(prettyBody('<a>', 'application/xml'), { text: '<a>', language: 'text' });
  assert.deepEqual(prettyBody('hello', 'text/plain'), { text: 'hello', language: 'text' });
});
