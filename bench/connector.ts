/**
 * What the HTTP connector costs: one runtime serving bench/fixtures/connector, whose API passes a JSON
 * body through to a local echo back end twice, once with `<call>` on an HTTP endpoint and once with
 * `<http.post>` on a connection to the same back end. Same closed-loop load on both resources, rounds
 * alternating which goes first; the ratio of median throughputs connector / call must be ≥ 0.9.
 *
 * `node --import tsx bench/connector.ts [--count 5000] [--concurrency 32] [--rounds 5]`
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ratio, report, runIfMain, summarize } from './lib';
import { load } from './load';
import { untilServed } from './passthrough';
import { CLI, cliBuilt, freePort, startNode, startScript, type Child } from './process';

const FIXTURE = join(__dirname, 'fixtures', 'connector');
const ARTIFACTS = join('src', 'main', 'wso2mi', 'artifacts');
const PORTED = [join(ARTIFACTS, 'endpoints', 'BenchBackendEP.xml'), join(ARTIFACTS, 'local-entries', 'BenchConn.xml')];
const BODY = JSON.stringify({ appointmentNumber: 1, patient: 'John Doe', doctor: 'thomas collins', fee: 7000.0, card_number: '7844481124110331' });

function projectFor(backendPort: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-bench-'));
  cpSync(FIXTURE, dir, { recursive: true });
  for (const f of PORTED) writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replaceAll('127.0.0.1:9799', `127.0.0.1:${backendPort}`));
  return dir;
}

export async function main(argv = process.argv.slice(2)): Promise<boolean> {
  const { values } = parseArgs({
    args: argv,
    options: { count: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '32' }, rounds: { type: 'string', default: '5' } },
  });
  const count = Number(values.count);
  const concurrency = Number(values.concurrency);
  const rounds = Number(values.rounds);
  if (!cliBuilt()) {
    console.log(`connector: skipped, ${CLI} is missing (run node scripts/build.mjs)`);
    return false;
  }
  const children: Child[] = [];
  let project: string | undefined;
  try {
    const backend = await startScript('echo-backend.ts');
    children.push(backend.child);
    project = projectFor(backend.port);
    const port = await freePort();
    const conduit = startNode([CLI, 'run', project, '--port', String(port)]);
    children.push(conduit);
    const targets: Record<string, string> = { call: `http://127.0.0.1:${port}/bench/call`, connector: `http://127.0.0.1:${port}/bench/connector` };
    for (const url of Object.values(targets)) await untilServed(url, conduit);

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
      for (const k of i % 2 === 0 ? names : [...names].reverse()) {
        const r = await run(targets[k]!, count);
        throughput[k]!.push(r.throughput);
        latencies[k]!.push(...r.latencies);
        failures += r.failed;
        firstError ??= r.firstError;
      }
    }
    const series = {
      connector: summarize(throughput.connector!, 'req/s'),
      call: summarize(throughput.call!, 'req/s'),
      'connector latency': summarize(latencies.connector!, 'ms'),
      'call latency': summarize(latencies.call!, 'ms'),
    };
    return report({
      name: 'connector',
      series,
      ratios: [ratio('http.post connector / call throughput', series.connector.median / series.call.median, 0.9, 'higher')],
      targets: [{ what: 'failed requests', value: failures, target: 0, better: 'lower', met: failures === 0 }],
      meta: { count, concurrency, rounds, warmup: warm, bodyBytes: Buffer.byteLength(BODY), firstError },
    });
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    if (project) rmSync(project, { recursive: true, force: true });
  }
}

runIfMain(module, main);
