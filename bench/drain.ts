/**
 * Drain rate: how fast a Scheduled Message Forwarding Processor (interval 0: back to back, as fast as the back end answers) empties a RabbitMQ
 * store into an HTTP back end, against a bare amqplib consume → HTTP POST loop (prefetch 1, ack after
 * the answer: the same one-at-a-time, at-least-once promise) in the same run. The queue is filled
 * before each timed drain (through Conduit's API for Conduit, by publishing for the baseline); the
 * clock runs from activation until the back end has received every message. The embedded store's
 * drain is reported as well, without a target. Target: rabbitmq ratio ≥ 0.7.
 *
 * `node --import tsx bench/drain.ts [--count 2000] [--rounds 5]`
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { connect } from 'amqplib';
import { ratio, report, runIfMain, summarize } from './lib';
import { load } from './load';
import { cliBuilt, CLI, startScript, type Child } from './process';
import { AMQP_URL, BODY, benchProject, runProject, type BenchRuntime } from './store-project';

/** The back end: counts POSTs and wakes whoever waits for a count. */
async function startSink() {
  let received = 0;
  let waiter: { n: number; resolve: () => void } | undefined;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 2 });
      res.end('{}');
      if (waiter && received >= waiter.n) {
        waiter.resolve();
        waiter = undefined;
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    reset: () => (received = 0),
    until: (n: number, timeoutMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        if (received >= n) return resolve();
        const timer = setTimeout(() => reject(new Error(`the back end received ${received} of ${n} within ${timeoutMs} ms`)), timeoutMs);
        waiter = { n, resolve: () => (clearTimeout(timer), resolve()) };
      }),
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

function post(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
}

export async function main(argv = process.argv.slice(2)): Promise<boolean> {
  const { values } = parseArgs({ args: argv, options: { count: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' } } });
  const count = Number(values.count);
  const rounds = Number(values.rounds);
  if (!cliBuilt()) {
    console.log(`drain: skipped, ${CLI} is missing (run node scripts/build.mjs)`);
    return false;
  }
  const suffix = randomUUID().slice(0, 8);
  const queues = { conduit: `conduit-bench-drain-${suffix}`, bare: `conduit-bench-drain-bare-${suffix}` };
  const amqp = await connect(AMQP_URL);
  const publisher = await amqp.createConfirmChannel();
  const sink = await startSink();
  const children: Child[] = [];
  const projects: string[] = [];
  try {
    const bare = await startScript('drain-bare-consumer.ts', [AMQP_URL, queues.bare, String(sink.port)]);
    children.push(bare.child);
    const runtimes = {} as Record<'rabbitmq' | 'embedded', BenchRuntime>;
    for (const kind of ['rabbitmq', 'embedded'] as const) {
      const project = benchProject({ store: kind === 'rabbitmq' ? { kind, queue: queues.conduit, confirms: true } : { kind }, forwardTo: sink.port });
      projects.push(project);
      runtimes[kind] = await runProject(project);
      children.push(runtimes[kind].child);
    }

    const drainConduit = async (rt: BenchRuntime, n: number): Promise<number> => {
      const filled = await load({ url: `${rt.url}/bench/store`, method: 'POST', body: BODY, count: n, concurrency: 16 });
      if (filled.failed) throw new Error(`filling the store failed: ${filled.firstError}`);
      sink.reset();
      const t0 = performance.now();
      await rt.manage('POST', '/processors/BenchForwarder/activate');
      await sink.until(n);
      const ms = performance.now() - t0;
      await rt.manage('POST', '/processors/BenchForwarder/deactivate');
      return (n / ms) * 1000;
    };
    const drainBare = async (n: number): Promise<number> => {
      for (let i = 0; i < n; i++) publisher.sendToQueue(queues.bare, Buffer.from(BODY), { persistent: true, contentType: 'application/json' });
      await publisher.waitForConfirms();
      sink.reset();
      const t0 = performance.now();
      await post(`http://127.0.0.1:${bare.port}/start`);
      await sink.until(n);
      const ms = performance.now() - t0;
      await post(`http://127.0.0.1:${bare.port}/stop`);
      return (n / ms) * 1000;
    };

    // warm-up: both paths once, unmeasured
    const warm = Math.max(200, Math.floor(count / 10));
    await drainConduit(runtimes.rabbitmq, warm);
    await drainConduit(runtimes.embedded, warm);
    await drainBare(warm);

    const rates = { rabbitmq: [] as number[], embedded: [] as number[], bare: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      const steps = [
        async () => rates.bare.push(await drainBare(count)),
        async () => rates.rabbitmq.push(await drainConduit(runtimes.rabbitmq, count)),
        async () => rates.embedded.push(await drainConduit(runtimes.embedded, count)),
      ];
      for (let j = 0; j < steps.length; j++) await steps[(i + j) % steps.length]!();
    }
    const series = {
      'conduit forwarding (rabbitmq)': summarize(rates.rabbitmq, 'msg/s'),
      'bare amqplib consume→POST': summarize(rates.bare, 'msg/s'),
      'conduit forwarding (embedded)': summarize(rates.embedded, 'msg/s'),
    };
    return report({
      name: 'drain',
      series,
      ratios: [ratio('conduit forwarding (rabbitmq) / bare consumer', series['conduit forwarding (rabbitmq)'].median / series['bare amqplib consume→POST'].median, 0.7, 'higher')],
      meta: { count, rounds, warmup: warm, bodyBytes: Buffer.byteLength(BODY), interval: 0, broker: new URL(AMQP_URL).host },
    });
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    for (const q of Object.values(queues)) await publisher.deleteQueue(q).catch(() => {});
    await amqp.close().catch(() => {});
    await sink.close();
    for (const p of projects) rmSync(p, { recursive: true, force: true });
  }
}

runIfMain(module, main);
