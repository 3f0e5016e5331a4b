import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { TaskSchedule } from './task-schedule';

/** Counts runs and how many overlap; each run lasts `ms`. */
function recorder(ms = 0) {
  const r = { runs: 0, active: 0, maxActive: 0, waiters: [] as Array<{ n: number; resolve: () => void }> };
  const run = async () => {
    r.runs++;
    r.active++;
    r.maxActive = Math.max(r.maxActive, r.active);
    r.waiters = r.waiters.filter((w) => (r.runs >= w.n ? (w.resolve(), false) : true));
    await sleep(ms);
    r.active--;
  };
  const until = (n: number) => new Promise<void>((resolve) => (r.runs >= n ? resolve() : r.waiters.push({ n, resolve })));
  return { r, run, until };
}

test('an interval trigger runs at once, then exactly count times in all', async () => {
  const { r, run, until } = recorder();
  const s = new TaskSchedule({ kind: 'simple', intervalMs: 20, count: 3 }, run);
  s.start();
  await until(3);
  await sleep(100);
  assert.equal(r.runs, 3);
  assert.equal(s.finished, true);
  await s.stop();
});

test('a run longer than the interval delays the next one instead of overlapping it', async () => {
  const { r, run, until } = recorder(60);
  const s = new TaskSchedule({ kind: 'simple', intervalMs: 10, count: -1 }, run);
  s.start();
  await until(4);
  await s.stop();
  assert.equal(r.maxActive, 1);
});

test('stop() waits for the run in hand and no run starts after it', async () => {
  const { r, run, until } = recorder(50);
  const s = new TaskSchedule({ kind: 'simple', intervalMs: 10, count: -1 }, run);
  s.start();
  await until(1);
  await s.stop();
  assert.equal(r.active, 0, 'the run in hand finished before stop() resolved');
  const after = r.runs;
  await sleep(100);
  assert.equal(r.runs, after);
});

test('a cron trigger fires on its Quartz schedule, and a run that fails does not end it', async () => {
  let runs = 0;
  let second!: () => void;
  const twice = new Promise<void>((resolve) => (second = resolve));
  const s = new TaskSchedule({ kind: 'cron', expression: '* * * * * ?' }, async () => {
    if (++runs === 2) second();
    throw new Error('the flow failed');
  });
  s.start();
  await twice;
  await s.stop();
  assert.ok(runs >= 2);
});

test('count 0 never runs, as in MI', async () => {
  const { r, run } = recorder();
  const s = new TaskSchedule({ kind: 'simple', intervalMs: 10, count: 0 }, run);
  s.start();
  await sleep(50);
  await s.stop();
  assert.equal(r.runs, 0);
});

test('a cron firing while a run is going waits for it instead of overlapping it', async () => {
  const { r, run, until } = recorder(1300);
  const s = new TaskSchedule({ kind: 'cron', expression: '* * * * * ?' }, run);
  s.start();
  await until(2);
  await s.stop();
  assert.equal(r.maxActive, 1);
});
