/**
 * A real HTTP back end whose answers a test can hold back: a subclass answers each request from its
 * `handle`, passing `hold(answer)` an answer to keep until the test calls `release()`. For tests that need
 * a request in flight (an aggregate's timeout, a throttle's concurrency) without sleeping.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export abstract class HoldingBackend {
  private readonly held: Array<() => void> = [];
  private server?: Server;
  url = '';

  /** Answers one request whose body was read whole; `answer`s passed to `hold` wait for `release()`. */
  protected abstract handle(req: IncomingMessage, body: string, res: ServerResponse, hold: (answer: () => void) => void): void;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => this.handle(req, body, res, (answer) => this.held.push(answer)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async waitForHeld(count: number): Promise<void> {
    while (this.held.length < count) await new Promise((r) => setImmediate(r));
  }

  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  async close(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
