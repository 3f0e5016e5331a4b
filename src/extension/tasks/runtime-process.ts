/**
 * One running Conduit runtime: `dist/cli.js run <project> --port N --management-port M --watch` started with
 * the editor's own Node (`process.execPath` + ELECTRON_RUN_AS_NODE=1, so users need no Node install) in a
 * process group of its own, so Stop ends it together with every child it started. `--watch` makes the runtime
 * redeploy a saved artifact itself, without a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';

export interface RuntimeOptions {
  cli: string;
  project: string;
  port: number;
  /** 0: any free port (the runtime logs the one it took). */
  managementPort: number;
  embeddedBroker: boolean;
  /** Record each request's mediators (`--trace`). */
  trace?: boolean;
  logLevel: string;
}

export interface RuntimeProcessEvents {
  output(text: string): void;
  exit(code: number | null, signal: NodeJS.Signals | null): void;
}

export class RuntimeProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private exitCode: number | null | undefined;

  constructor(readonly options: RuntimeOptions, events: RuntimeProcessEvents) {
    const args = [options.cli, 'run', options.project, '--port', String(options.port), '--management-port', String(options.managementPort), '--log-level', options.logLevel.toUpperCase(), '--watch'];
    if (options.embeddedBroker) args.push('--embedded-broker');
    if (options.trace) args.push('--trace');
    this.child = spawn(process.execPath, args, {
      cwd: options.project,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child.stdout?.setEncoding('utf8').on('data', events.output);
    this.child.stderr?.setEncoding('utf8').on('data', events.output);
    this.exited = new Promise((resolve) => {
      this.child.on('error', (err) => {
        events.output(`${err.message}\n`);
        this.exitCode = -1;
        events.exit(-1, null);
        resolve();
      });
      this.child.on('exit', (code, signal) => {
        this.exitCode = code;
        events.exit(code, signal);
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Resolves once the port accepts connections; rejects if the process exits first. */
  async waitUntilListening(limitMs = 60000): Promise<void> {
    const end = Date.now() + limitMs;
    while (this.running) {
      if (await canConnect(this.options.port)) return;
      if (Date.now() > end) throw new Error(`the runtime did not open port ${this.options.port}`);
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`the runtime exited (code ${this.exitCode}) before it listened on port ${this.options.port}`);
  }

  /** SIGTERM to the whole group (the runtime closes stores and processors), SIGKILL if it lingers. */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.running || this.child.pid === undefined) return this.exited;
    signalGroup(this.child.pid, 'SIGTERM');
    const timer = setTimeout(() => this.child.pid !== undefined && signalGroup(this.child.pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    // Children that ignored the group's SIGTERM (none should) do not outlive the runtime.
    signalGroup(this.child.pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    // already gone
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
