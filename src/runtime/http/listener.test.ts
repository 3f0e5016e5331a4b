import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test, type TestContext } from 'node:test';
import { sendPartThenWait, sendUntilClosed, sendWhileReadingLate, sendWholeThenRead } from '../../../test/helpers/raw-http';
import { LINGER_MAX_BYTES, LINGER_MS } from './early-answer';
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

test('twenty over-limit bodies in a row, each sent whole with the answer read only afterwards, each read their 413', async (t) => {
  let handled = 0;
  const listener = await startListener(t, async () => {
    handled++;
    return { status: 200, headers: {}, body: Buffer.alloc(0) };
  });
  const head = `POST /f/echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${OVER_LIMIT.length}\r\n\r\n`;
  const whole: string[] = [];
  const paced: string[] = [];
  for (let i = 0; i < 20; i++) {
    whole.push((await sendWholeThenRead(listener.port, head, OVER_LIMIT)).split('\r\n')[0]!);
    paced.push((await sendWhileReadingLate(listener.port, head, OVER_LIMIT)).split('\r\n')[0]!);
  }
  assert.deepEqual(whole, Array(20).fill('HTTP/1.1 413 Payload Too Large'));
  assert.deepEqual(paced, Array(20).fill('HTTP/1.1 413 Payload Too Large'));
  assert.equal(handled, 0);
});

test('a client that stops sending once refused reads the 413 and the server closing its side', async (t) => {
  const listener = await startListener(t, async () => ({ status: 200, headers: {}, body: Buffer.alloc(0) }));
  const head = `POST /f/echo HTTP/1.1\r\nHost: a\r\nContent-Length: ${OVER_LIMIT.length}\r\n\r\n`;
  // well before LINGER_MS: the server half-closes with the answer, not once the body has ended
  const text = await sendPartThenWait(listener.port, head, OVER_LIMIT.subarray(0, 2048), LINGER_MS / 5);
  assert.match(text ?? 'the server did not close its side', /^HTTP\/1\.1 413 [^]*CONDUIT_REQUEST_TOO_LARGE/);
});

test('a client that never stops sending after its 413 is cut off after LINGER_MAX_BYTES', async (t) => {
  const listener = await startListener(t, async () => ({ status: 200, headers: {}, body: Buffer.alloc(0) }));
  const head = `POST /f/echo HTTP/1.1\r\nHost: a\r\nContent-Length: ${10 * LINGER_MAX_BYTES}\r\n\r\n`;
  const started = Date.now();
  const sent = await sendUntilClosed(listener.port, head, Buffer.alloc(256 * 1024, 'a'));
  assert.ok(sent > LINGER_MAX_BYTES, `closed after ${sent} bytes`);
  assert.ok(sent < 2 * LINGER_MAX_BYTES, `closed after ${sent} bytes`);
  assert.ok(Date.now() - started < LINGER_MS, 'closed by the size bound, before the time bound');
});

test('a request pipelined after a refused body is not served', async (t) => {
  let handled = 0;
  const listener = await startListener(t, async () => {
    handled++;
    return { status: 200, headers: {}, body: Buffer.alloc(0) };
  });
  const next = 'DELETE /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n';
  const body = Buffer.concat([OVER_LIMIT, Buffer.from(next)]);
  const text = await sendWholeThenRead(listener.port, `POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: ${OVER_LIMIT.length}\r\n\r\n`, body);
  assert.match(text, /^HTTP\/1\.1 413 /);
  assert.doesNotMatch(text.slice(12), /HTTP\/1\.1/);
  assert.equal(handled, 0);
});

test('a body cut short by the client closing its side gets 400', async (t) => {
  let handled = 0;
  const listener = await startListener(t, async () => {
    handled++;
    return { status: 200, headers: {}, body: Buffer.alloc(0) };
  });
  for (let i = 0; i < 5; i++) {
    const text = await sendWholeThenRead(listener.port, 'POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n', Buffer.from('only ten b'));
    assert.match(text, /^HTTP\/1\.1 400 /);
  }
  assert.equal(handled, 0);
});

test('an over-limit chunked body is answered 413 while the client is still sending', async (t) => {
  const listener = await startListener(t, async () => ({ status: 200, headers: {}, body: Buffer.alloc(0) }));
  const head = 'POST /f/echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n';
  const chunked = Buffer.concat([Buffer.from(`${OVER_LIMIT.length.toString(16)}\r\n`), OVER_LIMIT, Buffer.from('\r\n0\r\n\r\n')]);
  for (let i = 0; i < 5; i++) {
    for (const text of [await sendWhileReadingLate(listener.port, head, chunked), await sendWholeThenRead(listener.port, head, chunked)]) {
      assert.match(text, /^HTTP\/1\.1 413 /);
      assert.match(text, /CONDUIT_REQUEST_TOO_LARGE/);
    }
  }
});

test('a head beyond the limit gets 431 and a head that does not parse gets 400, with data still coming', async (t) => {
  const listener = await startListener(t, async () => ({ status: 200, headers: {}, body: Buffer.alloc(0) }));
  const hugeHeader = `POST /x HTTP/1.1\r\nHost: a\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`;
  for (let i = 0; i < 5; i++) {
    assert.match(await sendWhileReadingLate(listener.port, hugeHeader, OVER_LIMIT), /^HTTP\/1\.1 431 /);
    assert.match(await sendWhileReadingLate(listener.port, 'NOT HTTP AT ALL\r\n\r\n', OVER_LIMIT), /^HTTP\/1\.1 400 /);
    assert.match(await sendWholeThenRead(listener.port, hugeHeader, OVER_LIMIT), /^HTTP\/1\.1 431 /);
    assert.match(await sendWholeThenRead(listener.port, 'NOT HTTP AT ALL\r\n\r\n', OVER_LIMIT), /^HTTP\/1\.1 400 /);
  }
});

test("Node's own early answers linger too: no Host, an Expect not met, CONNECT", async (t) => {
  let handled = 0;
  const listener = await startListener(t, async () => {
    handled++;
    return { status: 200, headers: {}, body: Buffer.alloc(0) };
  });
  // a body Node would otherwise still be receiving when it closed (a few MiB, more than the socket buffers take)
  const body = Buffer.alloc(4 * 1024 * 1024, 'a');
  for (let i = 0; i < 5; i++) {
    const noHost = await sendWholeThenRead(listener.port, `POST /x HTTP/1.1\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n`, body);
    assert.match(noHost, /^HTTP\/1\.1 400 /);
    const expect = await sendWholeThenRead(listener.port, `POST /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\nExpect: later\r\nContent-Length: ${body.length}\r\n\r\n`, body);
    assert.match(expect, /^HTTP\/1\.1 417 /);
    assert.match(await sendWholeThenRead(listener.port, 'CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n', body), /^HTTP\/1\.1 405 /);
  }
  assert.equal(handled, 0);
});

test('a request followed by bytes that are no request still gets its answer, not a 400 in its place', async (t) => {
  const listener = await startListener(t, async () => {
    await new Promise((r) => setTimeout(r, 100));
    return { status: 200, headers: {}, body: Buffer.from('answer') };
  });
  for (const after of [Buffer.from('NOT HTTP\r\n\r\n'), Buffer.alloc(4 * 1024 * 1024, 'g')]) {
    const text = await sendWholeThenRead(listener.port, 'GET /x HTTP/1.1\r\nHost: a\r\n\r\n', after);
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(text.endsWith('\r\n\r\nanswer'), text);
  }
});

test('an answer the connection closes after still arrives when the client sends more behind its request', async (t) => {
  const listener = await startListener(t, async () => ({ status: 200, headers: {}, body: Buffer.from('answer') }));
  // Connection: close and HTTP/1.0 make Node close the connection once the answer is written, while the
  // bytes behind the request are still arriving
  const heads = ['GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', 'GET /x HTTP/1.0\r\n\r\n'];
  const afters = [Buffer.from('NOT HTTP\r\n\r\n'), Buffer.from('GET /y HTTP/1.1\r\nHost: a\r\n\r\n'), Buffer.alloc(4 * 1024 * 1024, 'g')];
  for (const head of heads) {
    for (const after of afters) {
      const text = await sendWhileReadingLate(listener.port, head, after);
      assert.match(text, /^HTTP\/1\.[01] 200 OK\r\n/, `${JSON.stringify(head)} + ${after.length} bytes`);
      assert.ok(text.endsWith('\r\n\r\nanswer'), text);
    }
  }
});

test('requests pipelined ahead of bytes that are no request are all answered, in order', async (t) => {
  const listener = await startListener(t, async (req) => {
    await new Promise((r) => setTimeout(r, 50));
    return { status: 200, headers: {}, body: Buffer.from(req.url) };
  });
  const pipelined = 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n';
  for (const after of [Buffer.from('NOT HTTP\r\n\r\n'), Buffer.alloc(4 * 1024 * 1024, 'g')]) {
    const text = await sendWholeThenRead(listener.port, pipelined, after);
    const answers = text.split(/(?=HTTP\/1\.1 )/).map((a) => `${a.slice(9, 12)} ${a.slice(a.indexOf('\r\n\r\n') + 4)}`);
    assert.deepEqual(answers, ['200 /1', '200 /2', '200 /3'], text);
  }
});
