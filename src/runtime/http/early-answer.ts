/**
 * Answers that reach the client even when the server answers before it has read the whole request (a
 * body over the limit, a head it cannot parse, a body cut short). Closing the connection at once would
 * leave the client's unsent or unread bytes behind; the server's TCP stack then answers them with a
 * reset, and the reset can discard the answer before the client reads it. So, as RFC 9112 §9.6 asks, the
 * server writes the answer, closes only its writing side, reads and discards what the client still sends
 * until the client closes too, and only then closes the connection. The reading is bounded in time and
 * size so a client that never stops cannot hold the connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * How long a connection is read after its early answer. A client that sends its request whole before it
 * reads (raw sockets, most libraries) needs as long as its upload takes to see the answer; 5 s covers a
 * 64 MiB upload on a slow link, and a client that goes on longer is not reading its answer anyway.
 */
export const LINGER_MS = 5_000;
/**
 * How much is read and discarded after an early answer before the connection is closed anyway: several
 * times the default 10 MiB body limit, so a refused body sent whole never ends in a reset, while a client
 * streaming without end is cut off.
 */
export const LINGER_MAX_BYTES = 64 * 1024 * 1024;

export interface EarlyAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Connections that got their early answer, with the number of bytes read on them when it was given. */
const lingering = new WeakMap<Duplex, number>();

function bytesRead(socket: Duplex): number {
  return (socket as Duplex & { bytesRead?: number }).bytesRead ?? 0;
}

/**
 * Marks `socket` as only read to be discarded from now on. Node's HTTP parser keeps reading it: the rest
 * of a refused body goes to its request, which discards it, and what follows is reported as a client
 * error (answerUnparsableRequest) or parsed as another request (servers ask closing() first); each of
 * them checks the size bound.
 */
function discardFrom(socket: Duplex): void {
  if (!lingering.has(socket)) lingering.set(socket, bytesRead(socket));
  socket.resume();
}

/**
 * Closes the writing side once `last` and what was written before it are sent, then closes the
 * connection when the client has closed its side too (nothing more can arrive, so no reset can overtake
 * the answer), or after LINGER_MS.
 */
function closeLingering(socket: Duplex, last?: string): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  const closeWhenBothEnded = () => {
    if (socket.writableFinished && socket.readableEnded) socket.destroy();
  };
  socket.on('finish', closeWhenBothEnded);
  socket.on('end', closeWhenBothEnded);
  if (!socket.writableEnded) socket.end(last);
  closeWhenBothEnded();
}

/** Closes a lingering connection that has received more than LINGER_MAX_BYTES since its answer. */
function checkBound(socket: Duplex): void {
  const from = lingering.get(socket);
  if (from !== undefined && bytesRead(socket) - from > LINGER_MAX_BYTES) socket.destroy();
}

/**
 * This connection got an early answer and only waits for the client to close: a request still parsed
 * from it is not served (its answer could not be sent after the one that closed the connection).
 */
export function closing(req: IncomingMessage): boolean {
  if (!lingering.has(req.socket)) return false;
  checkBound(req.socket);
  req.resume();
  return true;
}

/**
 * Answers `req` before its body has been read (a body over the limit): the answer goes out at once with
 * `Connection: close`, the rest of the body is read and dropped, and the connection closes lingering. The
 * response is never ended: ending it would make Node destroy the socket as soon as the answer is out.
 */
export function answerBeforeRequestEnds(req: IncomingMessage, res: ServerResponse, answer: EarlyAnswer): void {
  const socket = req.socket;
  if (lingering.has(socket) || res.destroyed || socket.destroyed) return;
  discardFrom(socket);
  // A request nobody reads makes Node stop reading the socket, which would hold the discarding up.
  req.on('data', () => checkBound(socket));
  req.resume();
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(answer.body.length), Connection: 'close' });
  res.write(answer.body);
  // A response still queued behind the answer to an earlier request on the connection is written when
  // Node hands it the socket, just after this event.
  if (res.socket) closeLingering(res.socket);
  else res.once('socket', (s: Duplex) => setImmediate(() => closeLingering(s)));
}

/** The response Node's HTTP server is writing, or will write next, on this socket. */
function pendingResponse(socket: Duplex): ServerResponse | undefined {
  return (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
}

/**
 * The `clientError` handler every Conduit HTTP server installs: a head beyond Node's limit (16 KiB) gets
 * 431, as Node itself would answer, a body cut short or anything else that does not parse gets 400; then
 * the connection closes lingering. Node reports every later chunk of a connection whose parsing failed,
 * and a reset, as another error: only the first is answered.
 */
export function answerUnparsableRequest(err: Error & { code?: string }, socket: Duplex): void {
  if (lingering.has(socket)) return checkBound(socket);
  const pending = pendingResponse(socket);
  if (pending && (pending.req.complete || pending.headersSent)) {
    // The bytes after a complete request are not a request: its answer is the last thing to write.
    discardFrom(socket);
    if (!pending.writableFinished) pending.once('finish', () => closeLingering(socket));
    else closeLingering(socket);
    return;
  }
  discardFrom(socket);
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  if (socket.writable) closeLingering(socket, `HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  else socket.destroy();
}
