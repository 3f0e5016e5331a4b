import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { GARBAGE_BODY, createFaultyBackend } from '../helpers/backends';

interface Reply {
  status: number;
  type: string | undefined;
  text: string;
}

/** A fresh connection per request (no agent), so each mode is seen by a new socket. */
function post(url: string, body: string, signal?: AbortSignal): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' }, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('ok echoes a JSON body and describes other requests', async (t) => {
  const b = await createFaultyBackend();
  t.after(() => b.close());
  const r = await post(`${b.url}/echo`, '{"a":1}');
  assert.deepEqual(r, { status: 200, type: 'application/json', text: '{"a":1}' });
  const plain = await post(`${b.url}/x?y=1`, 'hello');
  assert.deepEqual(JSON.parse(plain.text), { ok: true, method: 'POST', path: '/x?y=1', body: 'hello' });
  assert.deepEqual(
    b.requests.map((q) => [q.method, q.url, q.body, q.mode]),
    [
      ['POST', '/echo', '{"a":1}', 'ok'],
      ['POST', '/x?y=1', 'hello', 'ok'],
    ],
  );
});

test('slow holds the answer until its delay has passed', async (t) => {
  const b = await createFaultyBackend({ kind: 'slow', ms: 60_000 });
  t.after(() => b.close());
  const abort = new AbortController();
  const pending = post(b.url, '{"n":1}', abort.signal);
  await b.waitForRequests(1);
  abort.abort();
  await assert.rejects(pending, { name: 'AbortError' });
  await b.set({ kind: 'slow', ms: 1 });
  assert.equal((await post(b.url, '{"n":2}')).text, '{"n":2}');
});

test('error answers with the chosen 5xx status', async (t) => {
  const b = await createFaultyBackend({ kind: 'error' });
  t.after(() => b.close());
  assert.equal((await post(b.url, '{}')).status, 503);
  await b.set({ kind: 'error', status: 500 });
  const r = await post(b.url, '{}');
  assert.equal(r.status, 500);
  assert.deepEqual(JSON.parse(r.text), { error: 'injected 500' });
});

test('reset destroys the connection after the request arrived', async (t) => {
  const b = await createFaultyBackend({ kind: 'reset' });
  t.after(() => b.close());
  await assert.rejects(post(b.url, '{}'), (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET');
  assert.equal(b.requests.length, 1);
});

test('garbage sends a JSON content type with a body that does not parse', async (t) => {
  const b = await createFaultyBackend({ kind: 'garbage' });
  t.after(() => b.close());
  const r = await post(b.url, '{}');
  assert.equal(r.status, 200);
  assert.equal(r.type, 'application/json');
  assert.equal(r.text, GARBAGE_BODY);
  assert.throws(() => JSON.parse(r.text));
});

test('down refuses connections, and the back end comes back on the same port', async (t) => {
  const b = await createFaultyBackend();
  t.after(() => b.close());
  const port = b.port;
  await b.set({ kind: 'down' });
  await assert.rejects(post(b.url, '{}'), (err: NodeJS.ErrnoException) => err.code === 'ECONNREFUSED');
  await b.set({ kind: 'ok' });
  assert.equal(b.port, port);
  assert.equal((await post(`http://127.0.0.1:${port}/`, '{"back":true}')).text, '{"back":true}');
  assert.equal(b.requests.length, 1);
});

test('a back end can start down', async (t) => {
  const b = await createFaultyBackend({ kind: 'down' });
  t.after(() => b.close());
  await assert.rejects(post(b.url, '{}'), (err: NodeJS.ErrnoException) => err.code === 'ECONNREFUSED');
  await b.set({ kind: 'garbage' });
  assert.equal((await post(b.url, '{}')).text, GARBAGE_BODY);
});
