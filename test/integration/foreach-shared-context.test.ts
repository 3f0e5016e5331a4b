/**
 * MI's old foreach shares the message context between its iterations: a project that accumulates a
 * property across the items of a `json-eval` array (is-foreach-choice-routing, from the compatibility
 * corpus) answers its documented request only when that is so. Run with the corpus tool against the CLI.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { CLI, ensureCli, ROOT } from '../helpers/runtime-process';

const SHARED = resolve(ROOT, '..', 'shared');
const TOOL = join(SHARED, 'tools', 'compat-corpus.mjs');
const PROJECT = 'is-foreach-choice-routing';

test('a foreach accumulating a property over a JSON array answers as MI documents (is-foreach-choice-routing)', { timeout: 120_000 }, async (t) => {
  if (!existsSync(TOOL) || !existsSync(join(SHARED, 'compat-corpus', PROJECT))) {
    t.skip(`the corpus project ${PROJECT} is not under ${SHARED}`);
    return;
  }
  ensureCli();
  const dir = mkdtempSync(join(tmpdir(), 'conduit-foreach-'));
  try {
    const json = join(dir, 'report.json');
    const stdout = await new Promise<string>((ok, fail) =>
      execFile(process.execPath, [TOOL, CLI, '--only', PROJECT, '--json', json], { cwd: ROOT, timeout: 110_000 }, (err, out, errOut) =>
        err ? fail(new Error(`the corpus tool failed: ${err.message}\n${out}\n${errOut}`)) : ok(out),
      ),
    );
    const report = JSON.parse(readFileSync(json, 'utf8')) as { results: Array<{ name: string; requests: Array<{ name: string; ok: boolean; why?: string[] }> }> };
    const requests = report.results.find((r) => r.name === PROJECT)?.requests ?? [];
    assert.equal(requests.length, 1, stdout);
    assert.ok(requests[0].ok, `${requests[0].name}: ${(requests[0].why ?? []).join('; ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
