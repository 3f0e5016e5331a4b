/**
 * A small ProcessorHost for processor tests: real stores, sequences written as test functions, and
 * endpoints that are real HTTP calls to a local back end. Plus that back end, whose answer the test
 * switches (ok, 500, 404, down).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryLogger } from '../../src/runtime/logger';
import type { EndpointOutcome, ProcessorHost, SequenceOutcome } from '../../src/runtime/processors/types';
import type { MessageStore, StoredMessage } from '../../src/runtime/stores/types';

export type Sequence = (message: StoredMessage, host: TestHost) => Promise<SequenceOutcome>;

export class TestHost implements ProcessorHost {
  readonly logger = new MemoryLogger();
  readonly stores = new Map<string, MessageStore>();
  readonly sequences = new Map<string, Sequence>();
  /** Endpoint name → URL. */
  readonly endpoints = new Map<string, string>();
  /** Every sequence run, in order: [sequence, message]. */
  readonly runs: Array<[string, StoredMessage]> = [];

  store(name: string): MessageStore | undefined {
    return this.stores.get(name);
  }
  hasSequence(name: string): boolean {
    return this.sequences.has(name);
  }
  hasEndpoint(name: string): boolean {
    return this.endpoints.has(name);
  }
  async runSequence(name: string, message: StoredMessage): Promise<SequenceOutcome> {
    this.runs.push([name, message]);
    const seq = this.sequences.get(name);
    if (!seq) return { completed: false, error: new Error(`no sequence ${name}`) };
    return seq(message, this);
  }
  async sendToEndpoint(name: string, message: StoredMessage): Promise<EndpointOutcome> {
    const url = this.endpoints.get(name);
    if (!url) return { error: new Error(`no endpoint ${name}`) };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': message.payload.contentType ?? 'application/json' },
        body: message.payload.text,
      });
      const text = await res.text();
      return {
        status: res.status,
        response: { ...message, payload: { kind: 'json', text, contentType: res.headers.get('content-type') ?? undefined }, axis2: { ...message.axis2, HTTP_SC: res.status } },
      };
    } catch (err) {
      return { error: err as Error };
    }
  }
}

/** Decides the status for one request body; `down` closes the listener (connection refused). */
export type Mode = number | ((body: string) => number);

/** A real HTTP back end on an ephemeral port that records the bodies it answered with 2xx and others. */
export class Backend {
  readonly received: Array<{ body: string; status: number }> = [];
  mode: Mode = 200;
  private server?: Server;
  port = 0;

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const status = typeof this.mode === 'function' ? this.mode(body) : this.mode;
        this.received.push({ body, status });
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: status < 300 ? 'Settled' : 'Failed', echo: body ? JSON.parse(body) : null }));
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/payments`;
  }

  /** Bodies answered with a 2xx, parsed. */
  delivered<T = { n: number }>(): T[] {
    return this.received.filter((r) => r.status < 300).map((r) => JSON.parse(r.body) as T);
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/** A sequence that calls the endpoint and completes only on a 2xx, like `call` + `drop` against a back end. */
export function callSequence(endpoint: string): Sequence {
  return async (message, host) => {
    const out = await host.sendToEndpoint(endpoint, message);
    if (out.status !== undefined && out.status < 300) return { completed: true };
    return { completed: false, error: out.error ?? new Error(`HTTP ${out.status}`) };
  };
}

/** Polls until check() is true; fails after `ms`. Used to wait for work done on a timer. */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
