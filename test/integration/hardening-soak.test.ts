/**
 * The soak (bench/soak.ts) in short: 20 s of mixed traffic at a steady rate against a runtime in its
 * own process. Asserts what must hold however fast the machine is: the runtime stays up, every answer
 * is the expected one per kind, open descriptors do not grow beyond a small bound, the heap after a full
 * collection ends within 4 MiB of where it started (a leak of ~7 KiB per request would cross it), and
 * every message the runtime acknowledged as stored reaches the back end. Other figures are printed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSoak } from '../../bench/soak';
import { ensureCli } from '../helpers/runtime-process';

test('20 s soak: no descriptor growth, nothing stored is lost, every request answered as its kind should be', { timeout: 240_000 }, async (t) => {
  ensureCli();
  const r = await runSoak({ durationMs: 20_000, rate: 30, log: (l) => t.diagnostic(l) });
  t.diagnostic(`sent ${JSON.stringify(r.sent)}, answers ${JSON.stringify(r.answers)}, ${r.duplicates} redelivered`);
  assert.ok(r.alive, 'the runtime is still running');
  assert.equal(r.noAnswer, 0);
  assert.deepEqual(Object.keys(r.answers.pass), ['200']);
  assert.deepEqual(Object.keys(r.answers.store), ['200']);
  assert.deepEqual(Object.keys(r.answers.fault), ['502']);
  assert.ok(r.acknowledged > 0);
  assert.deepEqual(r.lost, [], 'every acknowledged message was delivered');
  assert.ok(r.end.fds - r.start.fds <= 8, `open descriptors ${r.start.fds} → ${r.end.fds}`);
  assert.ok(r.end.heapBytes - r.start.heapBytes < 4 * 2 ** 20, `collected heap ${r.start.heapBytes} → ${r.end.heapBytes} bytes`);
});
