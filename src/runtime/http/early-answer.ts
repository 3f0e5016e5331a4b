/**
 * Answers that reach the client even when the server answers before it has read the whole request (a
 * body over the limit, a head it cannot parse, a body cut short). Closing the connection at once would
 * leave the client's unsent or unread bytes behind; the server's TCP stack then answers them with a
 * reset, and the reset can discard the answer before the client reads it. So, as RFC 9112 §9.6 asks, the
 * server writes the answer, closes only its writing side, reads and discards what the client still sends
 * until the client closes too, and only then closes the connection. The reading is bounded in time and
 * size so a client that never stops cannot hold the connection.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * How long a connection is read after its early answer. A client that sends its request whole before it
 * reads (raw sockets, many libraries) sees the answer only once its upload is done, so this must outlast
 * sending a refused body of the size the runtime is made for (10 MiB by default) on a local or LAN link,
 * while refused clients cannot hold connections for long.
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
 * error (answerUnparsableRequest) or parsed as another request (closing()); each of them checks the
 * size bound.
 */
function discardFrom(socket: Duplex): void {
  if (!lingering.has(socket)) lingering.set(socket, bytesRead(socket));
  socket.resume();
}

/** Connections whose writing side closeLingering has closed or is closing. */
const closed = new WeakSet<Duplex>();

/**
 * Closes the writing side once `last` and what was written before it are sent, then closes the
 * connection when the client has closed its side too (nothing more can arrive, so no reset can overtake
 * the answer), or after LINGER_MS.
 */
function closeLingering(socket: Duplex, last?: string): void {
  if (socket.destroyed || closed.has(socket)) return;
  closed.add(socket);
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
function closing(req: IncomingMessage): boolean {
  if (!lingering.has(req.socket)) return false;
  checkBound(req.socket);
  req.resume();
  return true;
}

/** Some of the request's body has not been read yet. */
export function bodyPending(req: IncomingMessage): boolean {
  return !req.complete && (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? '0') > 0);
}

/**
 * Answers `req` with `Connection: close`. When its body is still arriving (a body over the limit), the
 * answer goes out at once, the rest of the body is read and dropped, and the connection closes lingering;
 * the response is then never ended, since ending it would make Node destroy the socket as soon as the
 * answer is out.
 */
export function answerBeforeRequestEnds(req: IncomingMessage, res: ServerResponse, answer: EarlyAnswer): void {
  const socket = req.socket;
  if (lingering.has(socket) || res.destroyed || socket.destroyed) return;
  const headers = { ...answer.headers, 'Content-Length': String(answer.body.length), Connection: 'close' };
  if (!bodyPending(req)) {
    res.writeHead(answer.status, headers);
    res.end(answer.body);
    return;
  }
  discardFrom(socket);
  // A request nobody reads makes Node stop reading the socket, which would hold the discarding up.
  req.on('data', () => checkBound(socket));
  req.resume();
  res.writeHead(answer.status, headers);
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

/** The answers Node itself gives to what it cannot parse, by the code of its error. */
const UNPARSABLE_STATUS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};

/**
 * The `clientError` handler of createHttpServer: a head beyond Node's limit (16 KiB) gets 431, a head
 * not complete within Node's time limit 408, as Node itself would answer, a body cut short or anything
 * else that does not parse gets 400; then the connection closes lingering. Node reports every later chunk
 * of a connection whose parsing failed, and a reset, as another error: only the first is answered.
 */
function answerUnparsableRequest(err: Error & { code?: string }, socket: Duplex): void {
  if (lingering.has(socket)) return checkBound(socket);
  discardFrom(socket);
  answerInTurn(socket, UNPARSABLE_STATUS[err.code ?? ''] ?? '400 Bad Request', false);
}

/**
 * Closes a connection whose parsing failed once the answers owed ahead of the failure are written: those
 * to the complete requests before it, pipelined ones included, which Node hands the socket one after the
 * other. `status` answers the request the failure is part of; bytes after a complete request are no
 * request, so then the last answer owed is the last thing written.
 */
function answerInTurn(socket: Duplex, status: string, afterAnswer: boolean): void {
  if (closed.has(socket)) return;
  const pending = pendingResponse(socket);
  const owed = pending !== undefined && (pending.req.complete || pending.headersSent);
  if (owed && !pending.writableFinished) {
    // Node hands the socket to the next pipelined response in this same event, before this listener runs.
    pending.once('finish', () => answerInTurn(socket, status, true));
    return;
  }
  if (!socket.writable) socket.destroy();
  else closeLingering(socket, owed || (afterAnswer && !pending) ? undefined : rawAnswer(status));
}

/** An answer written on the socket itself, for connections Node's HTTP server has given up or handed over. */
function rawAnswer(status: string): string {
  return `HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
}

/**
 * A CONNECT request: Node hands the connection over without a parser, and without a handler closes it
 * unanswered. No Conduit server tunnels, so it is refused, lingering like any early answer.
 */
function refuseConnect(_req: IncomingMessage, socket: Duplex): void {
  lingering.set(socket, bytesRead(socket));
  socket.on('error', () => {}); // Node stopped listening for the client's errors when it handed the socket over
  socket.on('data', () => checkBound(socket));
  closeLingering(socket, rawAnswer('405 Method Not Allowed'));
}

/**
 * An HTTP server whose every early answer, Node's own included, reaches a client that is still sending
 * (see above): a body over the limit (answerBeforeRequestEnds), a head that does not parse or is too
 * large, a body cut short, an HTTP/1.1 request without Host (400, which Node would answer and close at
 * once), an Expect the server does not meet (417, likewise) and CONNECT (405, which Node would not answer).
 * Every other connection Node closes after an answer closes lingering too.
 */
export function createHttpServer(options: ServerOptions, handle: RequestListener): Server {
  const server = createServer({ ...options, requireHostHeader: false }, (req, res) => {
    if (closing(req)) return;
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      return answerBeforeRequestEnds(req, res, { status: 400, headers: {}, body: Buffer.alloc(0) });
    }
    handle(req, res);
  });
  server.on('clientError', answerUnparsableRequest);
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => answerBeforeRequestEnds(req, res, { status: 417, headers: {}, body: Buffer.alloc(0) }));
  server.on('connect', refuseConnect);
  server.on('connection', (socket: Socket) => {
    // Node closes a connection after its last answer (Connection: close, HTTP/1.0) with destroySoon, which
    // destroys it the moment the answer is written: bytes the client is still sending then reset the
    // answer away. The connection closes lingering instead, and a request still parsed from it is not served.
    socket.destroySoon = () => {
      discardFrom(socket);
      closeLingering(socket);
    };
  });
  return server;
}
