/**
 * The part of bench/extension.ts that runs inside the VS Code extension host (bundled and loaded by
 * scripts/vscode-test/run.mjs --suite). It asks the extension how long its activation took and, when
 * CONDUIT_BENCH_RUNS is set, times Export and Run from the command to the first request served, stopping
 * the runtime between runs. Each measurement is printed as one `# bench {json}` line, which the harness
 * forwards and bench/extension.ts parses.
 */
import * as vscode from 'vscode';
import { createHospitalService } from '../samples/hospital-service/hospital-service';
import type { ActivationTime } from '../src/extension/extension';
import { runAll, test } from '../test/extension/suite/harness';
import { extension, prepareRun } from '../test/extension/suite/helpers';
import { freePort, probe } from './process';

/** What one line of this suite's output carries. */
export type HostMeasurement = ({ kind: 'activation' } & ActivationTime) | { kind: 'exportAndRun'; servedMs: number; commandMs: number };

const emit = (m: HostMeasurement) => console.log(`# bench ${JSON.stringify(m)}`);

const PATH = '/healthcare/querydoctor/surgery';

test('activation time', async () => {
  await extension();
  const t = await vscode.commands.executeCommand<ActivationTime>('conduit.internal.activationTime');
  if (!t) throw new Error('conduit.internal.activationTime returned nothing');
  emit({ kind: 'activation', ...t });
});

test('Export and Run to the first served request', async () => {
  const runs = Number(process.env.CONDUIT_BENCH_RUNS ?? 0);
  if (runs <= 0) return;
  const hospital = await createHospitalService({ port: 0 });
  try {
    const port = await freePort();
    await prepareRun(hospital.port, port);
    const url = `http://127.0.0.1:${port}${PATH}`;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      let commandMs = NaN;
      const command = Promise.resolve(vscode.commands.executeCommand('conduit.exportAndRun')).then(() => (commandMs = performance.now() - t0));
      // Polled on fresh connections beside the command, so the time does not depend on how often the
      // extension itself checks the port.
      let servedMs: number | undefined;
      while (servedMs === undefined) {
        if ((await probe(url)) === 200) servedMs = performance.now() - t0;
        else if (performance.now() - t0 > 30_000) throw new Error(`nothing served on ${url} within 30 s`);
        else await new Promise((r) => setTimeout(r, 2));
      }
      await command;
      emit({ kind: 'exportAndRun', servedMs, commandMs });
      await vscode.commands.executeCommand('conduit.stop');
      while ((await probe(url, 200)) !== undefined) await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await vscode.commands.executeCommand('conduit.stop');
    await hospital.close();
  }
});

export async function run(): Promise<void> {
  const { passed, failed } = await runAll(process.env.CONDUIT_TEST_GREP ?? '');
  if (failed > 0 || passed === 0) throw new Error(`${failed} of ${passed + failed} benchmark steps failed`);
}
