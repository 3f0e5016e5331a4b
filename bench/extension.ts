/**
 * The extension inside a real VS Code extension host (code-server in headless Chromium, through
 * scripts/vscode-test/run.mjs with the bench/extension-host.ts suite; workspace: a copy of
 * samples/healthcare):
 * - activation: what the extension measured itself, from the first line of dist/extension.js (the host
 *   starts loading it because an activation event fired) to the promise activate() returned resolving;
 *   one value per workbench start, over `--starts` starts;
 * - Export and Run: from invoking `conduit.exportAndRun` to the first 200 for
 *   GET /healthcare/querydoctor/surgery (polled on fresh connections; the Hospital-Service runs in the
 *   host), `--runs` times in the first workbench session, stopping the runtime between runs.
 *   Goal: median < 2000 ms.
 *
 * `node --import tsx bench/extension.ts [--starts 5] [--runs 5]`
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { HostMeasurement } from './extension-host';
import { report, runIfMain, summarize } from './lib';
import { ROOT } from './process';

const RUN_MJS = join(ROOT, 'scripts', 'vscode-test', 'run.mjs');
const SUITE = join(ROOT, 'bench', 'extension-host.ts');
const BENCH_LINE = /^# bench (\{.*\})$/;

/** Starts the workbench once with the bench suite; resolves with what the suite printed. */
function workbenchSession(runs: number, skipBuild: boolean): Promise<HostMeasurement[]> {
  const args = [RUN_MJS, '--suite', SUITE, '--timeout', '300', ...(skipBuild ? ['--skip-build'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, CONDUIT_BENCH_RUNS: String(runs) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const found: HostMeasurement[] = [];
      for (const line of out.split('\n')) {
        const m = BENCH_LINE.exec(line.trim());
        if (m) found.push(JSON.parse(m[1]) as HostMeasurement);
      }
      if (code !== 0) reject(new Error(`the workbench session failed (exit ${code}):\n${out.slice(-3000)}`));
      else resolve(found);
    });
  });
}

export async function main(argv = process.argv.slice(2)): Promise<boolean> {
  const { values } = parseArgs({ args: argv, options: { starts: { type: 'string', default: '5' }, runs: { type: 'string', default: '5' } } });
  const starts = Number(values.starts);
  const runs = Number(values.runs);
  const all: HostMeasurement[] = [];
  // The first session builds dist/ and the suite; the others reuse them.
  for (let i = 0; i < starts; i++) all.push(...(await workbenchSession(i === 0 ? runs : 0, i > 0)));
  const activations = all.filter((m) => m.kind === 'activation');
  const exportRuns = all.filter((m) => m.kind === 'exportAndRun');
  if (activations.length !== starts || exportRuns.length !== runs) throw new Error(`expected ${starts} activations and ${runs} Export and Run times, got ${activations.length} and ${exportRuns.length}`);
  const series = {
    activation: summarize(activations.map((m) => m.totalMs), 'ms'),
    activationLoad: summarize(activations.map((m) => m.loadMs ?? NaN), 'ms'),
    activationCall: summarize(activations.map((m) => m.activateMs), 'ms'),
    exportAndRunServed: summarize(exportRuns.map((m) => m.servedMs), 'ms'),
    exportAndRunCommand: summarize(exportRuns.map((m) => m.commandMs), 'ms'),
  };
  return report({
    name: 'extension',
    series,
    targets: [
      { what: 'Export and Run to first served request, median ms', value: series.exportAndRunServed.median, target: 2000, better: 'lower', met: series.exportAndRunServed.median < 2000 },
    ],
    meta: {
      starts,
      runs,
      host: 'code-server extension host (scripts/vscode-test), development build of dist/',
      activation: 'from the first line of dist/extension.js to activate() resolving, as the extension measured it (conduit.internal.activationTime)',
      exportAndRun: 'conduit.exportAndRun to the first 200 of GET /healthcare/querydoctor/surgery, runtime stopped between runs',
      activations,
      exportRuns,
    },
  });
}

runIfMain(module, main);
