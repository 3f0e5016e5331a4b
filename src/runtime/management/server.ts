/**
 * The management API: a small HTTP server on 127.0.0.1 for `conduit stores` / `conduit processors`
 * and the extension. Every request needs `Authorization: Bearer <token>`.
 *
 *   GET    /stores                          [{ name, kind, size }]
 *   GET    /stores/:name/messages?limit=N   the oldest N messages (default 20, at most 1000), not removed
 *   DELETE /stores/:name/messages           { purged }
 *   GET    /processors                      [{ name, kind, store, state }]
 *   POST   /processors/:name/activate       { name, state }
 *   POST   /processors/:name/deactivate     { name, state }
 *   GET    /traces                          [{ id, messageId, name, started, steps }] (with `conduit run --trace`)
 *   GET    /traces/:id                      the trace: each mediator with the message before and after it
 *   GET    /server[?gc=true]                { pid, node, uptimeSeconds, memory, collected }
 *   GET    /artifacts                       { deployed, refused: [{ kind, name, file, line, code, message, context }] }
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConduitError } from '../../model/errors';
import { answerBeforeRequestEnds, bodyPending, createHttpServer } from '../http/early-answer';
import type { MessageProcessor } from '../processors/types';
import type { MessageStore } from '../stores/types';
import type { MessageTrace } from '../debug/message-trace';
import type { RefusedArtifact } from '../deployed';

/** Where the runtime keeps its stores and processors; read on every request, so redeploys show. */
type Live<T> = Iterable<T> | (() => Iterable<T>);

export interface ManagementOptions {
  stores: Live<MessageStore> | ReadonlyMap<string, MessageStore>;
  processors: Live<MessageProcessor> | ReadonlyMap<string, MessageProcessor>;
  /** What the runtime deployed (`kind:name`) and what it refused, with why. */
  artifacts?: () => { deployed: string[]; refused: RefusedArtifact[] };
  /** The recorded message traces, when tracing is on. */
  traces?: () => readonly MessageTrace[];
  /** The bearer token; a random one is generated when absent. */
  token?: string;
  /** Default 9164; 0 for an ephemeral port. */
  port?: number;
}

export interface ManagementServer {
  readonly port: number;
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

export const DEFAULT_MANAGEMENT_PORT = 9164;

/** A token for the management API: 32 random bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

function list<T>(src: Live<T> | ReadonlyMap<string, T>): T[] {
  if (typeof src === 'function') return [...src()];
  if (src instanceof Map) return [...src.values()];
  return [...(src as Iterable<T>)];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  // No route reads a body: one still arriving is discarded after the answer, which must still reach the client.
  if (bodyPending(res.req)) return answerBeforeRequestEnds(res.req, res, { status, headers, body: Buffer.from(text) });
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** What `GET /server` answers: the runtime's process and its memory, in bytes. */
export interface ServerStatus {
  pid: number;
  node: string;
  uptimeSeconds: number;
  memory: NodeJS.MemoryUsage;
  /** A garbage collection ran first (asked with ?gc=true, and the runtime was started with node --expose-gc). */
  collected: boolean;
}

/**
 * The heap after a full collection is the figure that shows a leak; only a process started with
 * --expose-gc can collect on request, so the answer says whether it did.
 */
function serverStatus(collect: boolean): ServerStatus {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (collect && gc) gc();
  return { pid: process.pid, node: process.version, uptimeSeconds: Math.round(process.uptime()), memory: process.memoryUsage(), collected: collect && gc !== undefined };
}

function authorized(req: IncomingMessage, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

function fail(res: ServerResponse, err: unknown): void {
  if (err instanceof ConduitError) {
    send(res, err.code === 'CONDUIT_STORE_UNAVAILABLE' ? 503 : 500, { code: err.code, message: err.message });
  } else {
    send(res, 500, { message: (err as Error).message });
  }
}

/** Starts the management API on 127.0.0.1 and resolves once it listens. */
export async function createManagementServer(options: ManagementOptions): Promise<ManagementServer> {
  const token = options.token ?? generateToken();
  const server = createHttpServer({}, (req, res) => {
    handle(req, res).catch((err) => fail(res, err));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume();
    if (!authorized(req, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="conduit"');
      send(res, 401, { code: 'CONDUIT_MANAGEMENT_UNAUTHORIZED', message: 'a bearer token is required (see .conduit/management.json)' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';

    if (parts[0] === 'server' && parts.length === 1) {
      if (method !== 'GET') return send(res, 405, { message: `${method} is not allowed here` });
      send(res, 200, serverStatus(url.searchParams.get('gc') === 'true'));
      return;
    }

    if (parts[0] === 'artifacts' && parts.length === 1) {
      if (method !== 'GET') return send(res, 405, { message: `${method} is not allowed here` });
      send(res, 200, options.artifacts?.() ?? { deployed: [], refused: [] });
      return;
    }

    if (parts[0] === 'traces' && parts.length <= 2) {
      if (method !== 'GET') return send(res, 405, { message: `${method} is not allowed here` });
      if (!options.traces) return send(res, 404, { message: 'tracing is off: start the runtime with conduit run --trace' });
      const traces = options.traces();
      if (parts.length === 1) return send(res, 200, traces.map((t) => ({ id: t.id, messageId: t.messageId, name: t.name, started: t.started, steps: t.steps.length })));
      const trace = traces.find((t) => String(t.id) === parts[1]);
      return trace ? send(res, 200, trace) : send(res, 404, { message: `no trace ${parts[1]} (the runtime keeps the last 100)` });
    }

    if (parts[0] === 'stores') {
      const stores = list(options.stores);
      if (parts.length === 1 && method === 'GET') {
        const rows = await Promise.all(
          stores.map(async (s) => {
            try {
              return { name: s.name, kind: s.kind, size: await s.size() };
            } catch (err) {
              return { name: s.name, kind: s.kind, size: null, error: (err as Error).message };
            }
          }),
        );
        send(res, 200, rows);
        return;
      }
      const store = stores.find((s) => s.name === parts[1]);
      if (parts.length === 3 && parts[2] === 'messages') {
        if (!store) return send(res, 404, { message: `no message store ${parts[1]}` });
        if (method === 'GET') {
          const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? '20') || 20));
          send(res, 200, await store.browse(limit));
          return;
        }
        if (method === 'DELETE') {
          send(res, 200, { purged: await store.purge() });
          return;
        }
        return send(res, 405, { message: `${method} is not allowed here` });
      }
    }

    if (parts[0] === 'processors') {
      const processors = list(options.processors);
      if (parts.length === 1 && method === 'GET') {
        send(res, 200, processors.map((p) => ({ name: p.name, kind: p.kind, store: p.storeName, state: p.state() })));
        return;
      }
      if (parts.length === 3 && (parts[2] === 'activate' || parts[2] === 'deactivate')) {
        const p = processors.find((x) => x.name === parts[1]);
        if (!p) return send(res, 404, { message: `no message processor ${parts[1]}` });
        if (method !== 'POST') return send(res, 405, { message: `${method} is not allowed here` });
        if (parts[2] === 'activate') await p.activate();
        else await p.deactivate();
        send(res, 200, { name: p.name, state: p.state() });
        return;
      }
    }
    send(res, 404, { message: `no such resource: ${method} ${url.pathname}` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new ConduitError('CONDUIT_DEPLOY_FAILED', `management API cannot listen on 127.0.0.1:${options.port ?? DEFAULT_MANAGEMENT_PORT}: ${err.message}`, { cause: err })));
    server.listen(options.port ?? DEFAULT_MANAGEMENT_PORT, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
