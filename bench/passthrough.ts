/**
 * Throughput of an API that calls a back end (bench/fixtures/passthrough: API → call → respond) against
 * a bare Node proxy in front of the same back end, under the same closed-loop load on 127.0.0.1. Each
 * target runs in its own process; rounds alternate which target goes first. Target: ratio ≥ 0.6.
 *
 * With `--trace`, a third target is the same project under `conduit run --trace` (every mediator recorded
 * with the message before and after it); its cost is reported as traced / conduit, without a goal.
 *
 * `node --import tsx bench/passthrough.ts [--count 5000] [--concurrency 32] [--rounds 5] [--trace]`
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ratio, report, runIfMain, summarize } from './lib';
import { load, type LoadResult } from './load';
import { CLI, cliBuilt, freePort, startNode, startScript, type Child } from './process';

const FIXTURE = join(__dirname, 'fixtures', 'passthrough');
const ENDPOINT_FILE = join('src', 'main', 'wso2mi', 'artifacts', 'endpoints', 'BenchBackendEP.xml');
const BODY = JSON.stringify({ appointmentNumber: 1, patient: 'John Doe', doctor: 'thomas collins', fee: 7000.0, card_number: '7844481124110331' });

/** A copy of the fixture whose endpoint points at the back end's real port. */
function projectFor(backendPort: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-bench-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const file = join(dir, ENDPOINT_FILE);
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll('127.0.0.1:9799', `127.0.0.1:${backendPort}`));
  return dir;
}

export async function untilServed(url: string, child: Child, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: LoadResult | undefined;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) throw new Error(`the runtime exited:\n${child.output()}`);
    last = await load({ url, method: 'POST', body: BODY, count: 1, concurrency: 1 });
    if (last.ok === 1) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} never answered 200 (last: ${last?.firstError}):\n${child.output()}`);
}

export async function main(argv = process.argv.slice(2)): Promise<boolean> {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '32' },
      rounds: { type: 'string', default: '5' },
      trace: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.count);
  const concurrency = Number(values.concurrency);
  const rounds = Number(values.rounds);
  if (!cliBuilt()) {
    console.log(`passthrough: skipped, ${CLI} is missing (run node scripts/build.mjs once src/cli exists)`);
    return false;
  }

  const children: Child[] = [];
  let project: string | undefined;
  try {
    const backend = await startScript('echo-backend.ts');
    children.push(backend.child);
    const bare = await startScript('bare-proxy.ts', [String(backend.port)]);
    children.push(bare.child);
    project = projectFor(backend.port);
    const conduitPort = await freePort();
    const conduit = startNode([CLI, 'run', project, '--port', String(conduitPort)]);
    children.push(conduit);

    const targets: Record<string, string> = {
      baseline: `http://127.0.0.1:${bare.port}/bench/echo`,
      conduit: `http://127.0.0.1:${conduitPort}/bench/echo`,
    };
    await untilServed(targets.conduit, conduit);
    if (values.trace) {
      const tracedPort = await freePort();
      const traced = startNode([CLI, 'run', project, '--port', String(tracedPort), '--trace', '--management-port', '0']);
      children.push(traced);
      targets.traced = `http://127.0.0.1:${tracedPort}/bench/echo`;
      await untilServed(targets.traced, traced);
    }
    await untilServed(targets.baseline, bare.child);

    const run = (url: string, n: number) => load({ url, method: 'POST', body: BODY, count: n, concurrency });
    const warm = Math.max(1000, Math.floor(count / 10));
    for (const url of Object.values(targets)) {
      const w = await run(url, warm);
      if (w.failed) throw new Error(`warm-up of ${url} failed: ${w.failed} errors, first: ${w.firstError}`);
    }

    const names = Object.keys(targets);
    const throughput: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
    const latencies: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
    let failures = 0;
    let firstError: string | undefined;
    for (let i = 0; i < rounds; i++) {
      // rotate which target goes first
      const order = names.map((_, j) => names[(i + j) % names.length]);
      for (const k of order) {
        const r = await run(targets[k], count);
        throughput[k].push(r.throughput);
        latencies[k].push(...r.latencies);
        failures += r.failed;
        firstError ??= r.firstError;
      }
    }

    const series: Record<string, ReturnType<typeof summarize>> = {
      conduit: summarize(throughput.conduit, 'req/s'),
      baseline: summarize(throughput.baseline, 'req/s'),
      'conduit latency': summarize(latencies.conduit, 'ms'),
      'baseline latency': summarize(latencies.baseline, 'ms'),
    };
    const ratios = [ratio('conduit / bare node proxy throughput', series.conduit.median / series.baseline.median, 0.6, 'higher')];
    if (values.trace) {
      series.traced = summarize(throughput.traced, 'req/s');
      series['traced latency'] = summarize(latencies.traced, 'ms');
      ratios.push(ratio('traced / untraced conduit throughput (no goal)', series.traced.median / series.conduit.median, 0, 'higher'));
    }
    return report({
      name: 'passthrough',
      series,
      ratios,
      targets: [{ what: 'failed requests', value: failures, target: 0, better: 'lower', met: failures === 0 }],
      meta: { count, concurrency, rounds, warmup: warm, bodyBytes: Buffer.byteLength(BODY), firstError },
    });
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    if (project) rmSync(project, { recursive: true, force: true });
  }
}

runIfMain(module, main);
