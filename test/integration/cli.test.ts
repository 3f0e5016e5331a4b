import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { referenceProject } from '../helpers/reference';

const ROOT = join(__dirname, '..', '..');
const CLI = ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')];

test('conduit validate prints file:line:col problems and exits 1 on errors', () => {
  const r = spawnSync(process.execPath, [...CLI, 'validate', join(ROOT, 'test', 'fixtures', 'broken')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /BrokenAPI\.xml:\d+:\d+: error CONDUIT_[A-Z_]+ /);
});

test('conduit with a wrong command exits 2 with usage', () => {
  const r = spawnSync(process.execPath, [...CLI, 'frobnicate'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage:/);
});

test('conduit run serves the project and stops cleanly with exit 0 on SIGTERM', async (t) => {
  const dir = referenceProject(t, 1);
  if (!dir) return;
  const child = spawn(process.execPath, [...CLI, 'run', dir, '--port', '0'], { cwd: ROOT });
  let out = '';
  const started = new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Pass-through HTTP Listener started on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m && out.includes('artifacts deployed')) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const port = await started;
    assert.match(out, /API named 'HealthcareAPI' has been deployed from file : .*HealthcareAPI\.xml/);
    assert.match(out, new RegExp(`API HealthcareAPI is available at http://127\\.0\\.0\\.1:${port}/healthcare`));
    // No back end on 9090 here: the endpoint fails and the empty faultSequence still gets an answer.
    const res = await fetch(`http://127.0.0.1:${port}/healthcare/nothing`);
    assert.equal(res.status, 404);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
});
