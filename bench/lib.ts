/**
 * What every benchmark shares: summarising repeated measurements (median, p90, min), comparing against
 * a baseline measured in the same run, and writing bench/results/<name>.json plus one human line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
  unit: string;
}

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarize(values: number[], unit: string): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: sorted.length, median, p90: percentile(sorted, 90), min: sorted[0], max: sorted[sorted.length - 1], unit };
}

/** Runs `fn` `iterations` times, one after another, and collects what each run returns. */
export async function repeat(iterations: number, fn: (i: number) => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) out.push(await fn(i));
  return out;
}

export interface Ratio {
  /** e.g. `conduit / bare node`. */
  of: string;
  value: number;
  /** The goal, and whether a higher or lower ratio is the better one. */
  target: number;
  better: 'higher' | 'lower';
  met: boolean;
}

export function ratio(of: string, value: number, target: number, better: 'higher' | 'lower'): Ratio {
  return { of, value, target, better, met: better === 'higher' ? value >= target : value <= target };
}

export interface Report {
  name: string;
  /** What was measured, keyed by series (e.g. `conduit`, `baseline`). */
  series: Record<string, Summary>;
  ratios?: Ratio[];
  /** Absolute goals, e.g. startup median below 500 ms. */
  targets?: Array<{ what: string; value: number; target: number; better: 'higher' | 'lower'; met: boolean }>;
  /** Conditions of the run: counts, concurrency, Node version, notes on fallbacks. */
  meta?: Record<string, unknown>;
}

const RESULTS = join(__dirname, 'results');

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));

/** Writes the JSON result and prints a one-line summary; returns whether every goal was met. */
export function report(r: Report): boolean {
  mkdirSync(RESULTS, { recursive: true });
  const full = {
    ...r,
    at: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  writeFileSync(join(RESULTS, `${r.name}.json`), JSON.stringify(full, null, 2) + '\n');
  const parts = Object.entries(r.series).map(
    ([k, s]) => `${k} median ${fmt(s.median)} ${s.unit} (p90 ${fmt(s.p90)}, min ${fmt(s.min)}, n=${s.n})`,
  );
  const goals = [
    ...(r.targets ?? []).map((t) => `${t.what} ${fmt(t.value)} ${t.better === 'lower' ? '<=' : '>='} ${t.target} ${t.met ? 'ok' : 'MISSED'}`),
    ...(r.ratios ?? []).map((x) => `${x.of} = ${x.value.toFixed(2)} (target ${x.better === 'lower' ? '<=' : '>='} ${x.target}) ${x.met ? 'ok' : 'MISSED'}`),
  ];
  console.log(`${r.name}: ${parts.join('; ')}${goals.length ? ' | ' + goals.join('; ') : ''}`);
  return [...(r.targets ?? []), ...(r.ratios ?? [])].every((g) => g.met);
}

/** Runs a bench's `main` when its file is the program: exit 0 when every goal was met, 1 otherwise. */
export function runIfMain(mod: NodeModule, main: () => Promise<boolean>): void {
  if (require.main !== mod) return;
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (err: Error) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
