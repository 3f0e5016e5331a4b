// Runs the extension's own suites inside a real VS Code (code-server, driven by headless Chromium) from
// Node's test runner, so their results count in the one summary `npm test` prints:
//   - scripts/vscode-test/run.mjs: extension-host tests (tree, wizards, export, export and run, try it, stop);
//   - test/e2e/ui.mjs: the packaged extension driven through the workbench UI, with screenshots in test-results/.
// The environment comes from scripts/vscode-test/setup.sh (.ci/run installs it). Outside CI these tests skip
// with a printed reason when it is not installed; in CI its absence is a failure.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const ENV_FILE = join(ROOT, '.vscode-test-env', 'env.sh');

function needEnvironment(t: TestContext): boolean {
  if (existsSync(ENV_FILE)) return true;
  if (process.env.CI === 'true') throw new Error(`the VS Code test environment is missing (${ENV_FILE}); run scripts/vscode-test/setup.sh`);
  t.skip('the VS Code test environment is not installed (scripts/vscode-test/setup.sh installs it)');
  return false;
}

/** Runs a script to its end, echoing its output only when it fails so the runner's log stays readable. */
function runScript(args: string[], limitMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // A hung workbench must fail the test, not the whole run: end the script's process group at the limit.
    const timer = setTimeout(() => {
      output += `\n[killed after ${limitMs / 1000} s]`;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test('extension-host suites pass inside a real VS Code', { timeout: 15 * 60_000 }, async (t) => {
  if (!needEnvironment(t)) return;
  const { code, output } = await runScript(['scripts/vscode-test/run.mjs', '--skip-build'], 12 * 60_000);
  const summary = /(\d+) passed, (\d+) failed/.exec(output.split('\n').reverse().find((l) => /passed, \d+ failed/.test(l)) ?? '');
  assert.equal(code, 0, output);
  assert.ok(summary && Number(summary[1]) > 0 && summary[2] === '0', `no passing summary in:\n${output}`);
  t.diagnostic(summary[0]);
});

test('the packaged extension works through the workbench UI', { timeout: 15 * 60_000 }, async (t) => {
  if (!needEnvironment(t)) return;
  // A fresh VSIX, so the UI test drives what this checkout builds.
  rmSync(join(ROOT, 'out', 'conduit.vsix'), { force: true });
  const shots = ['01-project-explorer.png', '04-export-and-run.png', '04b-try-it-panel.png'].map((f) => join(ROOT, 'test-results', f));
  for (const shot of shots) rmSync(shot, { force: true });
  const { code, output } = await runScript(['test/e2e/ui.mjs'], 12 * 60_000);
  assert.equal(code, 0, output);
  for (const shot of shots) assert.ok(existsSync(shot), `screenshot ${shot} was not written`);
});
