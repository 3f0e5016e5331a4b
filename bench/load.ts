/**
 * A closed-loop load generator: `concurrency` workers over one keep-alive agent send `count` requests in
 * total, each worker starting its next request when the previous answer has been read.
 */
import { Agent, request } from 'node:http';

export interface LoadOptions {
  url: string;
  method?: string;
  body?: string;
  count: number;
  concurrency: number;
}

export interface LoadResult {
  /** Requests per second over the whole run. */
  throughput: number;
  /** Per-request latencies in ms. */
  latencies: number[];
  ok: number;
  failed: number;
  /** The first failure, for the report. */
  firstError?: string;
  elapsedMs: number;
}

export async function load(o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const url = new URL(o.url);
  const body = o.body ? Buffer.from(o.body) : undefined;
  const headers: Record<string, string | number> = body ? { 'Content-Type': 'application/json', 'Content-Length': body.length } : {};
  const latencies: number[] = [];
  let started = 0;
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;

  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: o.method ?? 'GET', headers, agent },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            if (res.statusCode === 200) ok++;
            else {
              failed++;
              firstError ??= `HTTP ${res.statusCode}`;
            }
            resolve();
          });
          res.on('error', (err) => {
            failed++;
            firstError ??= err.message;
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        failed++;
        firstError ??= err.message;
        resolve();
      });
      req.end(body);
    });

  const worker = async () => {
    while (started < o.count) {
      started++;
      await one();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const elapsedMs = performance.now() - t0;
  agent.destroy();
  return { throughput: (o.count / elapsedMs) * 1000, latencies, ok, failed, firstError, elapsedMs };
}
