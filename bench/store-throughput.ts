/**
 * API → store throughput: a project whose API stores each request and answers once it is stored, with
 * the embedded store and with the RabbitMQ store (publisher confirms on), against a bare Node
 * http → amqplib publish-with-confirm gateway measured in the same run. Same closed-loop load for all
 * (load.ts); each target in its own process; rounds rotate which target goes first; stores and queues
 * are emptied between rounds. Target: each ratio ≥ 0.7.
 *
 * `node --import tsx bench/store-throughput.ts [--count 3000] [--concurrency 32] [--rounds 5]`
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connect } from 'amqplib';
import { ratio, report, runIfMain, summarize } from './lib';
import { load } from './load';
import { cliBuilt, CLI, startScript, type Child } from './process';
import { AMQP_URL, BODY, benchProject, runProject, type BenchRuntime } from './store-project';

type Target = 'embedded' | 'rabbitmq' | 'baseline';

export async function main(argv = process.argv.slice(2)): Promise<boolean> {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', default: '3000' },
      concurrency: { type: 'string', default: '32' },
      rounds: { type: 'string', default: '5' },
    },
  });
  const count = Number(values.count);
  const concurrency = Number(values.concurrency);
  const rounds = Number(values.rounds);
  if (!cliBuilt()) {
    console.log(`store-throughput: skipped, ${CLI} is missing (run node scripts/build.mjs)`);
    return false;
  }

  const suffix = randomUUID().slice(0, 8);
  const queues = { rabbitmq: `conduit-bench-store-${suffix}`, baseline: `conduit-bench-bare-${suffix}` };
  const amqp = await connect(AMQP_URL);
  const admin = await amqp.createChannel();
  const children: Child[] = [];
  const projects: string[] = [];
  try {
    const bare = await startScript('store-bare-gateway.ts', [AMQP_URL, queues.baseline]);
    children.push(bare.child);
    const runtimes: Record<'embedded' | 'rabbitmq', BenchRuntime> = {} as never;
    for (const kind of ['embedded', 'rabbitmq'] as const) {
      const project = benchProject({ store: kind === 'embedded' ? { kind } : { kind, queue: queues.rabbitmq, confirms: true } });
      projects.push(project);
      runtimes[kind] = await runProject(project);
      children.push(runtimes[kind].child);
    }
    const urls: Record<Target, string> = {
      embedded: `${runtimes.embedded.url}/bench/store`,
      rabbitmq: `${runtimes.rabbitmq.url}/bench/store`,
      baseline: `http://127.0.0.1:${bare.port}/`,
    };
    const empty = async () => {
      await runtimes.embedded.manage('DELETE', '/stores/BenchStore/messages');
      await admin.purgeQueue(queues.rabbitmq);
      await admin.purgeQueue(queues.baseline);
    };
    const run = (url: string, n: number) => load({ url, method: 'POST', body: BODY, count: n, concurrency });

    const warm = Math.max(500, Math.floor(count / 5));
    for (const url of Object.values(urls)) {
      const w = await run(url, warm);
      if (w.failed) throw new Error(`warm-up of ${url} failed: ${w.failed} errors, first: ${w.firstError}`);
    }
    await empty();

    const order: Target[] = ['baseline', 'embedded', 'rabbitmq'];
    const throughput: Record<Target, number[]> = { embedded: [], rabbitmq: [], baseline: [] };
    let failures = 0;
    let firstError: string | undefined;
    for (let i = 0; i < rounds; i++) {
      for (let j = 0; j < order.length; j++) {
        const k = order[(i + j) % order.length]!;
        const r = await run(urls[k], count);
        throughput[k].push(r.throughput);
        failures += r.failed;
        firstError ??= r.firstError;
        await empty();
      }
    }

    const series = {
      'conduit embedded': summarize(throughput.embedded, 'msg/s'),
      'conduit rabbitmq (confirms)': summarize(throughput.rabbitmq, 'msg/s'),
      'bare http→amqplib (confirms)': summarize(throughput.baseline, 'msg/s'),
    };
    const base = series['bare http→amqplib (confirms)'].median;
    return report({
      name: 'store-throughput',
      series,
      ratios: [
        ratio('conduit embedded / bare gateway', series['conduit embedded'].median / base, 0.7, 'higher'),
        ratio('conduit rabbitmq / bare gateway', series['conduit rabbitmq (confirms)'].median / base, 0.7, 'higher'),
      ],
      targets: [{ what: 'failed requests', value: failures, target: 0, better: 'lower', met: failures === 0 }],
      meta: { count, concurrency, rounds, warmup: warm, bodyBytes: Buffer.byteLength(BODY), broker: new URL(AMQP_URL).host, firstError },
    });
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    for (const q of Object.values(queues)) await admin.deleteQueue(q).catch(() => {});
    await amqp.close().catch(() => {});
    for (const p of projects) rmSync(p, { recursive: true, force: true });
  }
}

runIfMain(module, main);
