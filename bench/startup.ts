/**
 * Wall time from spawning `node dist/cli.js run <tutorial 4 project> --port <free>` to the first
 * request it serves successfully (GET /healthcare/querydoctor/surgery, polled on fresh connections),
 * against the same measurement for a bare Node HTTP server. Target: median < 500 ms.
 *
 * The tutorial's endpoint calls the Hospital-Service on localhost:9090. The bench starts one there when
 * the port is free; when something else holds 9090 and does not answer like the Hospital-Service, any
 * HTTP answer from the runtime counts as served, and the result says so.
 *
 * `node --import tsx bench/startup.ts [--runs 10]`
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHospitalService, type HospitalService } from '../samples/hospital-service/hospital-service';
import { REFERENCE_PROJECTS, TUTORIALS } from '../test/helpers/reference';
import { report, runIfMain, summarize } from './lib';
import { CLI, cliBuilt, freePort, probe, startNode } from './process';

const PROJECT = join(REFERENCE_PROJECTS, TUTORIALS[4], 'SampleServices');
const BARE_SERVER = "require('http').createServer((q,s)=>s.end('ok')).listen(+process.argv[1],'127.0.0.1')";

async function hospitalOn9090(): Promise<{ service?: HospitalService; served: 'status 200' | 'any answer' }> {
  try {
    return { service: await createHospitalService({ port: 9090 }), served: 'status 200' };
  } catch {
    const status = await probe('http://127.0.0.1:9090/healthcare/surgery');
    return { served: status === 200 ? 'status 200' : 'any answer' };
  }
}

/** Spawns, polls until `accept(status)`, stops the process; returns the elapsed ms. */
async function timeToServe(args: (port: number) => string[], path: string, accept: (status: number | undefined) => boolean): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = startNode(args(port));
  try {
    for (;;) {
      if (child.proc.exitCode !== null) throw new Error(`exited before serving:\n${child.output()}`);
      if (accept(await probe(`http://127.0.0.1:${port}${path}`))) return performance.now() - t0;
      if (performance.now() - t0 > 20_000) throw new Error(`nothing served within 20 s:\n${child.output()}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    await child.stop();
  }
}

export async function main(argv = process.argv.slice(2)): Promise<boolean> {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string', default: '10' } } });
  const runs = Number(values.runs);
  if (!cliBuilt()) {
    console.log(`startup: skipped, ${CLI} is missing (run node scripts/build.mjs once src/cli exists)`);
    return false;
  }
  if (!existsSync(PROJECT)) {
    console.log(`startup: skipped, the tutorial 4 project is not at ${PROJECT}`);
    return false;
  }
  const hospital = await hospitalOn9090();
  try {
    const acceptConduit = hospital.served === 'status 200' ? (s?: number) => s === 200 : (s?: number) => s !== undefined;
    const conduitArgs = (port: number) => [CLI, 'run', PROJECT, '--port', String(port)];
    const bareArgs = (port: number) => ['-e', BARE_SERVER, String(port)];
    // One unmeasured run of each warms the file system cache, as a developer's second start would be.
    await timeToServe(conduitArgs, '/healthcare/querydoctor/surgery', acceptConduit);
    await timeToServe(bareArgs, '/', (s) => s === 200);
    const conduit: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      conduit.push(await timeToServe(conduitArgs, '/healthcare/querydoctor/surgery', acceptConduit));
      baseline.push(await timeToServe(bareArgs, '/', (s) => s === 200));
    }
    const series = { conduit: summarize(conduit, 'ms'), baseline: summarize(baseline, 'ms') };
    return report({
      name: 'startup',
      series,
      targets: [{ what: 'conduit median ms', value: series.conduit.median, target: 500, better: 'lower', met: series.conduit.median < 500 }],
      meta: {
        runs,
        project: PROJECT,
        served: hospital.served,
        overBareNode: series.conduit.median / series.baseline.median,
      },
    });
  } finally {
    await hospital.service?.close();
  }
}

runIfMain(module, main);
