/**
 * Runs data-mapping scripts, script mediators' JavaScript and XSLT transformations in a Node child process
 * of their own, so one that exhausts memory ends that process and fails its message, never the runtime.
 * One process serves them all one at a time; it starts at the first, compiles each distinct script once,
 * and is replaced by a fresh one after it dies. Inside it each script runs in a V8 context of its own;
 * an XSLT runs in the process itself (xslt-processor, loaded there), since a stylesheet runs no code.
 *
 * Why a process and not a worker thread: a worker's `resourceLimits` are not enforced for every
 * allocation. A single allocation past the limit (growing one huge array, `new Array(1e9).fill(0)`) is
 * a V8 fatal error that aborts the whole process, worker or not (nodejs/node#47224). A process's heap
 * limit aborts only that process.
 *
 * The child's program is sandbox-child.ts, passed as source text (`node -e`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { ConduitError, type ErrorCode } from '../../model/errors';
import { sandboxChild } from './sandbox-child';
import { SCRIPT_CONTEXT_SOURCE } from './script-context';
import type { DataMapper } from './types';

/** Time a mapping or a script may run before it is stopped. */
export const DATAMAPPER_TIME_LIMIT_MS = 5000;

/**
 * JavaScript heap of the mapping process (V8's old generation, `--max-old-space-size`). It still maps
 * the largest request the runtime accepts (a 10 MiB JSON body, 140,000 objects, each reshaped), and
 * it is small enough that a runaway allocation runs out of memory within the time limit instead of
 * slowing to a crawl in garbage collection.
 */
export const DATAMAPPER_MEMORY_LIMIT_MB = 64;

/**
 * How long past its time limit a mapping may keep the process before it is killed. The limit itself is
 * enforced inside the process (the mapping fails, the process stays); this catches what that cannot
 * interrupt: a long native loop (`fill` on a huge sparse array) or garbage collection near the heap limit.
 */
const KILL_GRACE_MS = 2000;

// A mapping generated from MI 4.4's TypeScript may define only mapFunction(input) (model/datamapper-ts.ts).
const RUNNER_SOURCE = `(() => {
  inputroot = JSON.parse(__input);
  DM_PROPERTIES = __properties === undefined ? {} : JSON.parse(__properties);
  const name = Object.keys(globalThis).find((k) => k.startsWith('map_S_') && typeof globalThis[k] === 'function');
  if (!name && typeof globalThis.mapFunction !== 'function') throw new Error('the mapping defines neither a map_S_..._S_... function nor mapFunction');
  const out = name ? globalThis[name]() : globalThis.mapFunction(inputroot);
  return out === undefined ? undefined : JSON.stringify(out);
})()`;

/**
 * The mapping process: sandbox-child.ts's function, sent as source text to `node -e`. A transpiler that
 * keeps function names (tsx does) wraps them in calls to its `__name` helper, which the child lacks: it
 * gets one that leaves the function as it is.
 */
const CHILD_SOURCE = `'use strict';var __name=(f)=>f;(${sandboxChild.toString()})(${JSON.stringify(RUNNER_SOURCE)}, ${JSON.stringify(SCRIPT_CONTEXT_SOURCE)});`;

interface Job {
  kind: 'map' | 'script' | 'xslt';
  /** The function a script defines and the sandbox calls with `mc`; undefined runs the script as a whole. */
  fn?: string;
  /** The code a failure is reported with, and the words before its reason. */
  failure: { code: ErrorCode; what: string };
  script: number;
  source: string;
  filename: string;
  input: string;
  /** A mapping's DM_PROPERTIES as JSON text. */
  properties?: string;
  timeoutMs: number;
  resolve(out: string): void;
  reject(err: Error): void;
}

interface Reply {
  ready?: true;
  out?: string;
  error?: string;
}

/** One mapping process and what it has been sent. */
interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  /** Ids of the scripts it has compiled. */
  compiled: Set<number>;
  /** The tail of its stderr, where V8 reports running out of memory. */
  stderr: string;
  /** Settles the mapping it is running. */
  settle?: (reply: Reply) => void;
  exited: Promise<string>;
}

/** The mapping process of one runtime; `close()` ends it. */
export class DataMapperSandbox implements DataMapper {
  private child?: Child;
  private readonly queue: Job[] = [];
  private draining = false;
  /** Script source → id, so the process compiles each distinct script once. */
  private readonly scriptIds = new Map<string, number>();

  private readonly memoryLimitMb: number;
  private readonly killGraceMs: number;

  constructor(options: { memoryLimitMb?: number; killGraceMs?: number } = {}) {
    this.memoryLimitMb = options.memoryLimitMb ?? DATAMAPPER_MEMORY_LIMIT_MB;
    this.killGraceMs = options.killGraceMs ?? KILL_GRACE_MS;
  }

  map(source: string, inputJson: string, options: { filename?: string; timeoutMs?: number; propertiesJson?: string } = {}): Promise<string> {
    return this.enqueue('map', source, inputJson, { filename: 'mapping.dmc', ...options }, { code: 'CONDUIT_DATAMAPPER_FAILED', what: 'the data mapping failed' });
  }

  runScript(source: string, inputJson: string, options: { filename?: string; timeoutMs?: number; fn?: string } = {}): Promise<string> {
    return this.enqueue('script', source, inputJson, { filename: 'script.js', ...options }, { code: 'CONDUIT_SCRIPT_FAILED', what: 'the script failed' });
  }

  runXslt(inputJson: string, options: { filename?: string; timeoutMs?: number } = {}): Promise<string> {
    return this.enqueue('xslt', xsltProcessorModule(), inputJson, { filename: 'stylesheet.xslt', ...options }, { code: 'CONDUIT_XSLT_FAILED', what: 'the transformation failed' });
  }

  private enqueue(
    kind: Job['kind'],
    source: string,
    input: string,
    options: { filename: string; timeoutMs?: number; fn?: string; propertiesJson?: string },
    failure: Job['failure'],
  ): Promise<string> {
    let script = this.scriptIds.get(source);
    if (script === undefined) this.scriptIds.set(source, (script = this.scriptIds.size));
    return new Promise((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? DATAMAPPER_TIME_LIMIT_MS;
      this.queue.push({ kind, fn: options.fn, failure, script, source, filename: options.filename, input, properties: options.propertiesJson, timeoutMs, resolve, reject });
      void this.drain();
    });
  }

  /** Ends the mapping process (mappings asked for later start a new one). */
  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    // Held until it has exited, so close() is not cut short by an otherwise idle event loop.
    setRef(child, true);
    this.kill(child);
    await child.exited;
  }

  /** Stops a mapping process at once; the next mapping starts a fresh one. */
  private kill(child: Child): void {
    if (this.child === child) this.child = undefined;
    child.proc.kill('SIGKILL');
  }

  /** Runs the queued mappings one at a time, so each one's time limit counts only its own run. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) {
        try {
          job.resolve(await this.execute(job));
        } catch (err) {
          job.reject(new ConduitError(job.failure.code, `${job.failure.what}: ${(err as Error).message}`));
        }
      }
    } finally {
      this.draining = false;
      // An idle mapping process must not keep the runtime's process alive.
      if (this.child) setRef(this.child, false);
    }
  }

  private async execute(job: Job): Promise<string> {
    const child = this.child ?? (this.child = this.spawn());
    setRef(child, true);
    await child.ready;
    const reply = await new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        child.settle?.({ error: `timed out: it ran past its ${job.timeoutMs} ms time limit and its process was stopped` });
        this.kill(child);
      }, job.timeoutMs + this.killGraceMs);
      child.settle = (r) => {
        clearTimeout(timer);
        child.settle = undefined;
        resolve(r);
      };
      const first = !child.compiled.has(job.script);
      child.compiled.add(job.script);
      const message = { kind: job.kind, fn: job.fn, script: job.script, source: first ? job.source : undefined, filename: job.filename, input: job.input, properties: job.properties, timeoutMs: job.timeoutMs };
      child.proc.send(message, (err) => {
        if (err) child.settle?.({ error: `it could not be handed to its process: ${err.message}` });
      });
    });
    if (reply.error !== undefined) throw new Error(reply.error);
    return reply.out!;
  }

  private spawn(): Child {
    // Only what Node needs: no NODE_OPTIONS (it could lift the heap limit) and none of the runtime's
    // secrets. ELECTRON_RUN_AS_NODE makes the editor's own executable behave as Node.
    const env: NodeJS.ProcessEnv = { ELECTRON_RUN_AS_NODE: '1' };
    if (process.env.SystemRoot) env.SystemRoot = process.env.SystemRoot;
    const proc = spawn(process.execPath, [`--max-old-space-size=${this.memoryLimitMb}`, '-e', CHILD_SOURCE], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      env,
      windowsHide: true,
    });
    let markReady!: () => void;
    let failReady!: (err: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    // Only for awaiting in execute(); a process that dies while idle rejects it with nobody listening.
    ready.catch(() => undefined);
    let exited!: (reason: string) => void;
    const child: Child = { proc, ready, compiled: new Set(), stderr: '', exited: new Promise((resolve) => (exited = resolve)) };
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (text: string) => (child.stderr = (child.stderr + text).slice(-4096)));
    proc.on('message', (reply: Reply) => {
      if (reply.ready) markReady();
      else child.settle?.(reply);
    });
    const ended = (reason: string) => {
      if (this.child === child) this.child = undefined;
      failReady(new Error(reason));
      child.settle?.({ error: reason });
      exited(reason);
    };
    proc.on('error', (err) => ended(`its process could not run: ${err.message}`));
    // 'close' rather than 'exit': it comes after stderr has been read to the end.
    proc.on('close', (code, signal) => {
      if (/heap out of memory|allocation failed/i.test(child.stderr)) ended(`it ran out of memory (the limit is ${this.memoryLimitMb} MiB of JavaScript heap)`);
      else ended(`its process ended (${signal ?? `exit code ${code}`})`);
    });
    return child;
  }
}

/** Whether the mapping process (and its pipes) keep the runtime's event loop alive. */
function setRef(child: Child, on: boolean): void {
  const handles = [child.proc, child.proc.channel, child.proc.stderr as Socket | null];
  for (const h of handles) {
    if (!h) continue;
    if (on) h.ref();
    else h.unref();
  }
}

/** Where xslt-processor is, for the sandbox process to load: it ships beside the bundles, not inside them. */
function xsltProcessorModule(): string {
  return require.resolve('xslt-processor');
}
