/**
 * `conduit run` as a real child process (node dist/cli.js), so a test can kill it with SIGKILL and
 * start it again on the same project, and drive it through the real CLI (`conduit stores`, ...).
 * dist/cli.js is rebuilt first when any source file is newer than it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestSource(p) : name.endsWith('.ts') ? s.mtimeMs : 0);
  }
  return newest;
}

let built = false;

/**
 * Builds dist/cli.js when it is missing or older than src/. The bundle is written beside it and renamed
 * into place, so a test file building while another spawns the CLI never runs half a file.
 */
export function ensureCli(): void {
  if (built) return;
  if (!existsSync(CLI) || statSync(CLI).mtimeMs < newestSource(join(ROOT, 'src'))) {
    const tmp = `${CLI}.${process.pid}.tmp`;
    const script = `require('esbuild').buildSync({ entryPoints: ['src/cli/main.ts'], outfile: ${JSON.stringify(tmp)}, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', external: ['vscode', 'classic-level', 'esbuild', 'esbuild-wasm', 'typescript'], banner: { js: '#!/usr/bin/env node' } })`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`building the CLI failed:\n${r.stderr}`);
    renameSync(tmp, CLI);
  }
  built = true;
}

export interface RuntimeProcess {
  readonly proc: ChildProcess;
  /** The HTTP listener's base URL. */
  readonly url: string;
  /** Everything the child wrote to stdout and stderr so far. */
  output(): string;
  /** How many times `re` (global) matches the output so far. */
  count(re: RegExp): number;
  /** Resolves with the first match of `re` in the output (already written or yet to come). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves once `re` matches the output at least `n` times. */
  waitForCount(re: RegExp, n: number, timeoutMs?: number): Promise<void>;
  /** Sends `signal` (SIGKILL: no cleanup at all) and resolves once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const live = new Set<RuntimeProcess>();

/** Kills (SIGKILL) every runtime process still running; for test cleanup. */
export async function killAllRuntimes(): Promise<void> {
  await Promise.all([...live].map((r) => r.kill('SIGKILL')));
}

/**
 * Starts `conduit run <project> --port 0 --management-port 0 ...args` and resolves once every artifact
 * is deployed and the listener and management API are up. `cli` runs another build of the CLI (an
 * unpacked VSIX's) instead of this checkout's.
 */
export async function startRuntime(project: string, args: string[] = [], timeoutMs = 20_000, cli?: string): Promise<RuntimeProcess> {
  if (!cli) ensureCli();
  const proc = spawn(process.execPath, [cli ?? CLI, 'run', project, '--port', '0', '--management-port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (c: Buffer) => {
    out += c.toString();
    for (const l of [...listeners]) l();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const gone = () => proc.exitCode !== null || proc.signalCode !== null;

  const until = <T>(check: () => T | undefined, what: string, ms: number) =>
    new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        listeners.delete(test);
        proc.off('exit', onExit);
      };
      const test = () => {
        const v = check();
        if (v !== undefined) {
          done();
          resolve(v);
        }
      };
      const onExit = () => {
        done();
        reject(new Error(`the runtime exited (${proc.exitCode ?? proc.signalCode}) before ${what}:\n${out}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${what} did not happen within ${timeoutMs} ms:\n${out.slice(-4000)}`));
      }, ms);
      listeners.add(test);
      proc.once('exit', onExit);
      test();
    });

  const rt: RuntimeProcess = {
    proc,
    url: '',
    output: () => out,
    count: (re) => out.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))?.length ?? 0,
    waitFor: (re, ms = 20_000) => until(() => out.match(re) ?? undefined, `output matching ${re}`, ms),
    waitForCount: async (re, n, ms = 20_000) => {
      await until(() => (rt.count(re) >= n ? true : undefined), `${n} lines matching ${re}`, ms);
    },
    async kill(signal = 'SIGKILL') {
      if (!gone()) proc.kill(signal);
      await exited;
      live.delete(rt);
    },
  };
  live.add(rt);
  try {
    const m = await until(() => out.match(/Pass-through HTTP Listener started on ([\d.]+):(\d+)/) ?? undefined, 'the listener started', timeoutMs);
    await until(() => (/artifacts deployed/.test(out) ? true : undefined), 'deployment finished', timeoutMs);
    (rt as { url: string }).url = `http://${m[1]}:${m[2]}`;
  } catch (err) {
    await rt.kill();
    throw err;
  }
  return rt;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one `conduit <args>` command to completion (the real CLI, in its own process). */
export function conduit(...args: string[]): Promise<CliResult> {
  ensureCli();
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `conduit stores <project> --json` as a name → size map; fails the test when the command fails. */
export async function storeSizes(project: string): Promise<Record<string, number | null>> {
  const r = await conduit('stores', project, '--json');
  if (r.status !== 0) throw new Error(`conduit stores failed (${r.status}): ${r.stderr}`);
  const rows = JSON.parse(r.stdout) as Array<{ name: string; size: number | null }>;
  return Object.fromEntries(rows.map((x) => [x.name, x.size]));
}
