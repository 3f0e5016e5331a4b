/** A raw-socket HTTP client for what fetch cannot do: answers that arrive while the client is still sending. */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Everything the server sent until the connection closed, as text. */
function readToClose(socket: Socket): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => {}); // what was read before a reset is what the test judges
  return new Promise((resolve) => socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1'))));
}

/**
 * Sends `head`, then `body` in pieces with short pauses, reading nothing until it has sent everything, as
 * a client busy uploading reads its answer late. Returns what the server sent before the connection
 * closed. A server that closes while the client still sends makes a later write fail with a reset, and
 * the client then loses the answer it had not read yet: that shows as an empty answer.
 */
export async function sendWhileReadingLate(port: number, head: string, body: Buffer): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  const answer = readToClose(socket);
  socket.pause();
  socket.write(head);
  const piece = 16 * 1024;
  for (let at = 0; at < body.length && !socket.destroyed; at += piece) {
    socket.write(body.subarray(at, at + piece));
    await sleep(2);
  }
  socket.end();
  socket.resume();
  return answer;
}

/**
 * Writes `head` and `body` at once and shuts down its sending side, reading nothing until all of it has
 * left (or the server has reset the connection): the client that loses an early answer most often, since
 * its bytes are still arriving when the server answers.
 */
export async function sendWholeThenRead(port: number, head: string, body: Buffer): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  const answer = readToClose(socket);
  socket.pause();
  socket.write(head);
  socket.end(body);
  await new Promise<void>((resolve) => {
    socket.once('finish', resolve);
    socket.once('close', resolve);
  });
  socket.resume();
  return answer;
}

/**
 * Sends `head` and `part` of a body, then waits, without sending more, until the server has answered and
 * closed its sending side. Returns the answer, or undefined when the server has not closed within
 * `waitMs` (a server that waits for the rest of the body before it closes its side).
 */
export async function sendPartThenWait(port: number, head: string, part: Buffer, waitMs: number): Promise<string | undefined> {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => {});
  const ended = new Promise<boolean>((resolve) => {
    socket.once('end', () => resolve(true));
    socket.once('close', () => resolve(true));
    setTimeout(() => resolve(false), waitMs).unref();
  });
  socket.write(head);
  socket.write(part);
  const closedItsSide = await ended;
  socket.destroy();
  return closedItsSide ? Buffer.concat(chunks).toString('latin1') : undefined;
}

/**
 * Writes `head`, then keeps writing `piece` until the server closes the connection. Resolves with how
 * many body bytes were written by then.
 */
export async function sendUntilClosed(port: number, head: string, piece: Buffer): Promise<number> {
  // Node's client would otherwise stop sending when the server closes its side with the answer.
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  socket.on('data', () => {});
  socket.on('error', () => {});
  let closed = false;
  const close = new Promise<void>((resolve) => socket.once('close', resolve)).then(() => (closed = true));
  socket.write(head);
  let sent = 0;
  while (!closed) {
    const room = socket.write(piece);
    sent += piece.length;
    if (!room) await Promise.race([once(socket, 'drain').catch(() => {}), close]);
  }
  return sent;
}
