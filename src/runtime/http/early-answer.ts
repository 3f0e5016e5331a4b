/**
 * Answers that reach the client even when the server answers before it has read the whole request (a
 * body over the limit, a head it cannot parse). Closing the connection at once would leave the client's
 * unsent or unread bytes behind; the server's TCP stack then answers them with a reset, and the reset
 * can discard the answer before the client reads it. So, as RFC 9112 §9.6 asks, the server sends the
 * answer, closes its writing side only after reading and discarding what the client still sends, and
 * bounds that reading in time and size so a client that never stops cannot hold the connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex, Readable } from 'node:stream';

/** How long a connection is kept open to read what the client still sends after an early answer. */
export const LINGER_MS = 5_000;
/** How much is read and discarded after an early answer before the connection is closed anyway. */
export const LINGER_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Reads and discards the rest of `stream`, never holding it, and resolves when it ends, closes or fails,
 * or when LINGER_MS or LINGER_MAX_BYTES is reached.
 */
export function discardRest(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const finish = () => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', finish);
      stream.off('close', finish);
      stream.off('error', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > LINGER_MAX_BYTES) finish();
    };
    const timer = setTimeout(finish, LINGER_MS);
    timer.unref();
    stream.on('data', onData);
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
    stream.resume();
  });
}

export interface EarlyAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Writes the whole answer at once and ends the response only after the request has been read to its end
 * (bounded): the client reads the answer while it is still sending, and the connection closes without a
 * reset. The connection closes after this answer.
 */
export function answerBeforeRequestEnds(req: IncomingMessage, res: ServerResponse, answer: EarlyAnswer): void {
  lingering.add(req.socket);
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(answer.body.length), Connection: 'close' });
  res.write(answer.body);
  void discardRest(req).then(() => res.end());
}

/** Connections that got their early answer and are only read to their end now. */
const lingering = new WeakSet<Duplex>();

/** Node's HTTP server is writing an answer on this socket (its own clientError handling looks at the same). */
function answerInProgress(socket: Duplex): boolean {
  return (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage?.headersSent === true;
}

/**
 * The `clientError` handler every Conduit HTTP server installs: a head beyond Node's limit (16 KiB) gets
 * 431, as Node itself would answer, anything else that does not parse gets 400; then the connection
 * lingers as above. Node reports every later chunk of a broken connection as another error, and a client
 * that stops sending in the middle of a body it was already answered for as one more: only the first is
 * answered.
 */
export function answerUnparsableRequest(err: Error & { code?: string }, socket: Duplex): void {
  if (lingering.has(socket)) return;
  lingering.add(socket);
  if (!socket.writable || answerInProgress(socket)) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  // The HTTP parser has failed for good: from here the bytes are only discarded.
  socket.removeAllListeners('data');
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  void discardRest(socket).then(() => socket.destroy());
}
