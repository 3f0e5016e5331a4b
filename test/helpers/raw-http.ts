/** A raw-socket HTTP client for what fetch cannot do: answers that arrive while the client is still sending. */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Sends `head`, then `body` in pieces with short pauses, reading nothing until it has sent everything, as
 * a client busy uploading reads its answer late. Returns what the server sent before the connection
 * closed. A server that closes while the client still sends makes a later write fail with a reset, and
 * the client then loses the answer it had not read yet: that shows as an empty answer.
 */
export async function sendWhileReadingLate(port: number, head: string, body: Buffer): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => {}); // what was read before a reset is what the test judges
  socket.pause();
  socket.write(head);
  const piece = 16 * 1024;
  for (let at = 0; at < body.length && !socket.destroyed; at += piece) {
    socket.write(body.subarray(at, at + piece));
    await sleep(2);
  }
  socket.end();
  socket.resume();
  await closed;
  return Buffer.concat(chunks).toString('latin1');
}
