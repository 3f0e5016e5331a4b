/**
 * A real HTTP back end for fault tests, on an ephemeral port of 127.0.0.1, whose behaviour a test
 * switches while it runs: answer, answer late, fail with 5xx, reset the connection, send broken JSON,
 * or go away entirely and come back on the same port. It records what it received.
 */
import { createServer, type IncomingMessage, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type BackendMode =
  /** 200: a JSON request body is echoed back; otherwise `{"ok":true,"method":..,"path":..}`. */
  | { kind: 'ok' }
  /** Waits `ms`, then answers as `ok`. */
  | { kind: 'slow'; ms: number }
  /** Answers `status` (default 503) with a small JSON error body. */
  | { kind: 'error'; status?: number }
  /** Destroys the socket once the request has arrived: the client sees ECONNRESET or "socket hang up". */
  | { kind: 'reset' }
  /** 200 with `Content-Type: application/json` and a body that does not parse. */
  | { kind: 'garbage' }
  /** Not listening at all: connections are refused until another mode is set. */
  | { kind: 'down' };

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The mode that handled it. */
  mode: BackendMode['kind'];
}

export interface FaultyBackend {
  /** `http://127.0.0.1:<port>`; stays the same across down and up. */
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  readonly mode: BackendMode;
  /** Switches behaviour; resolves once the server has stopped or resumed listening when that changes. */
  set(mode: BackendMode): Promise<void>;
  /** Resolves once `count` requests have arrived in total. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export const GARBAGE_BODY = '{"ok": tru';

export async function createFaultyBackend(initial: BackendMode = { kind: 'ok' }): Promise<FaultyBackend> {
  let mode: BackendMode = initial;
  let listening = false;
  let closed = false;
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let waiters: Array<{ count: number; resolve: () => void }> = [];

  const answerOk = (req: IncomingMessage, res: ServerResponse, body: string) => {
    let echo: string | undefined;
    if (body.trim() !== '') {
      try {
        JSON.parse(body);
        echo = body;
      } catch {
        // Not JSON: describe the request instead of echoing it.
      }
    }
    const text = echo ?? JSON.stringify({ ok: true, method: req.method, path: req.url, body: body || undefined });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const current = mode;
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, mode: current.kind });
      waiters = waiters.filter((w) => (requests.length >= w.count ? (w.resolve(), false) : true));
      switch (current.kind) {
        case 'ok':
        case 'down': // a request that was already in flight when the server went down
          return answerOk(req, res, body);
        case 'slow': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.destroyed) answerOk(req, res, body);
          }, current.ms);
          timers.add(timer);
          res.on('close', () => {
            clearTimeout(timer);
            timers.delete(timer);
          });
          return;
        }
        case 'error': {
          const status = current.status ?? 503;
          const text = JSON.stringify({ error: `injected ${status}` });
          res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
          return res.end(text);
        }
        case 'reset':
          return req.socket.destroy();
        case 'garbage':
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(GARBAGE_BODY) });
          return res.end(GARBAGE_BODY);
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        listening = true;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      listening = false;
      server.close(() => resolve());
      // Kept-alive sockets would otherwise keep talking to a back end that is supposed to be gone.
      for (const s of sockets) s.destroy();
      for (const t of timers) clearTimeout(t);
      timers.clear();
    });

  await listen(0);
  const port = (server.address() as AddressInfo).port;
  if (initial.kind === 'down') await stop();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get mode() {
      return mode;
    },
    async set(next) {
      if (closed) throw new Error('the back end is closed');
      mode = next;
      if (next.kind === 'down' && listening) await stop();
      // Listening again on the same port: the client must find the back end where it left it.
      else if (next.kind !== 'down' && !listening) await listen(port);
    },
    waitForRequests(count, timeoutMs = 10_000) {
      if (requests.length >= count) return Promise.resolve(requests);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`only ${requests.length} of ${count} requests arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = { count, resolve: () => (clearTimeout(timer), resolve(requests)) };
        waiters.push(waiter);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (listening) await stop();
      for (const t of timers) clearTimeout(t);
    },
  };
}
