import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test, type TestContext } from 'node:test';
import { sendWhileReadingLate } from '../../../test/helpers/raw-http';
import { MemoryLogger } from '../logger';
import { HttpListener, type ListenerOptions } from './listener';

/** Writes `request`, shuts down the sending side at once, and returns everything the server sends back. */
function sendAndHalfClose(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.end(request);
  });
}

/** A listener on a free port answering with `handle`, closed when the test ends. */
async function startListener(t: TestContext, handle: ListenerOptions['handle']): Promise<HttpListener> {
  const listener = new HttpListener({ host: '127.0.0.1', port: 0, maxBodyBytes: 1024, logger: new MemoryLogger(), handle });
  await listener.listen();
  t.after(() => listener.close());
  return listener;
}

test('a client that half-closes after its request still gets the answer of a flow that finishes later', async (t) => {
  // The flow outlasts the client's FIN (sent with the request, on loopback), as a store write or a call
  // to a back end does; Node's default would drop the answer here.
  const listener = await startListener(t, async (req) => {
    await new Promise((r) => setTimeout(r, 200));
    return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: req.body };
  });
  const text = await sendAndHalfClose(listener.port, 'POST /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello');
  assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
  assert.ok(text.endsWith('\r\n\r\nhello'), text);
});

test('a half-closed keep-alive connection is closed by the server once its answer is written', async (t) => {
  const listener = await startListener(t, async () => ({ status: 204, headers: {}, body: Buffer.alloc(0) }));
  // no Connection: close, so only the half-close tells the server the client sends nothing more; the
  // promise settles only when the server closes its side too (a leak would hang the test until its timeout)
  const text = await sendAndHalfClose(listener.port, 'GET /x HTTP/1.1\r\nHost: a\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 204 No Content\r\n/);
});

const OVER_LIMIT = Buffer.alloc(256 * 1024, 'a');

test('twenty over-limit bodies in a row, declared by Content-Length, each read their 413', async (t) => {
  let handled = 0;
  const listener = await startListener(t, async () => {
    handled++;
    return { status: 200, headers: {}, body: Buffer.alloc(0) };
  });
  const head = `POST /f/echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${OVER_LIMIT.length}\r\n\r\n`;
  const statuses: string[] = [];
  for (let i = 0; i < 20; i++) statuses.push((await sendWhileReadingLate(listener.port, head, OVER_LIMIT)).split('\r\n')[0]!);
  assert.deepEqual(statuses, Array(20).fill('HTTP/1.1 413 Payload Too Large'));
  assert.equal(handled, 0);
});

test('an over-limit chunked body is answered 413 while the client is still sending', async (t) => {
  const listener = await startListener(t, async () => ({ status: 200, headers: {}, body: Buffer.alloc(0) }));
  const head = 'POST /f/echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n';
  const chunked = Buffer.concat([Buffer.from(`${OVER_LIMIT.length.toString(16)}\r\n`), OVER_LIMIT, Buffer.from('\r\n0\r\n\r\n')]);
  for (let i = 0; i < 5; i++) {
    const text = await sendWhileReadingLate(listener.port, head, chunked);
    assert.match(text, /^HTTP\/1\.1 413 /);
    assert.match(text, /CONDUIT_REQUEST_TOO_LARGE/);
  }
});

test('a head beyond the limit gets 431 and a head that does not parse gets 400, with data still coming', async (t) => {
  const listener = await startListener(t, async () => ({ status: 200, headers: {}, body: Buffer.alloc(0) }));
  const hugeHeader = `POST /x HTTP/1.1\r\nHost: a\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`;
  for (let i = 0; i < 5; i++) {
    assert.match(await sendWhileReadingLate(listener.port, hugeHeader, OVER_LIMIT), /^HTTP\/1\.1 431 /);
    assert.match(await sendWhileReadingLate(listener.port, 'NOT HTTP AT ALL\r\n\r\n', OVER_LIMIT), /^HTTP\/1\.1 400 /);
  }
});
