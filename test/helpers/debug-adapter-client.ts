/**
 * `conduit debug-adapter` as a real child process (node dist/cli.js), spoken to over its stdin/stdout
 * with the Debug Adapter Protocol client of @vscode/debugadapter-testsupport.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CLI, ensureCli, ROOT } from './runtime-process';

export class AdapterClient extends DebugClient {
  readonly child: ChildProcess;
  private stderr = '';
  /**
   * Stops in the order they came. A stop can arrive in the same chunk as the response to the step that
   * caused it, before a waiter made after that response could listen, so every stop is kept from the start.
   */
  private readonly stops: DebugProtocol.StoppedEvent[] = [];
  private waiting?: (e: DebugProtocol.StoppedEvent) => void;

  constructor() {
    super('node', CLI, 'conduit');
    ensureCli();
    this.child = spawn(process.execPath, [CLI, 'debug-adapter'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.on('stopped', (e: DebugProtocol.StoppedEvent) => (this.waiting ? this.waiting(e) : this.stops.push(e)));
    this.connect(this.child.stdout!, this.child.stdin!);
  }

  /** Initializes, sets the breakpoints, and launches the project; resolves to the URL its APIs are served at. */
  async launchWith(project: string, breakpoints: Record<string, DebugProtocol.SourceBreakpoint[]>, extra: Record<string, unknown> = {}): Promise<string> {
    const served = this.served();
    const initialized = this.waitForEvent('initialized');
    await this.initializeRequest({ adapterID: 'conduit', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await initialized;
    for (const [path, bps] of Object.entries(breakpoints)) await this.setBreakpointsRequest({ source: { path }, breakpoints: bps });
    await this.configurationDoneRequest();
    await this.launch({ project, port: 0, ...extra } as DebugProtocol.LaunchRequestArguments);
    return served;
  }

  private served(): Promise<string> {
    return new Promise((resolve) => {
      const onOutput = (e: DebugProtocol.OutputEvent) => {
        const m = /serving .* at (http:\/\/\S+)/.exec(e.body.output);
        if (m) {
          this.removeListener('output', onOutput);
          resolve(m[1]);
        }
      };
      this.on('output', onOutput);
    });
  }

  /** The next stop (one that came already, or the next to come) with its thread and top frame. */
  async stopped(reason?: string): Promise<{ threadId: number; top: DebugProtocol.StackFrame; event: DebugProtocol.StoppedEvent }> {
    const event = this.stops.shift() ?? (await new Promise<DebugProtocol.StoppedEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no stop within 20 s')), 20_000);
      this.waiting = (e) => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(e);
      };
    }));
    if (reason && event.body.reason !== reason) throw new Error(`stopped for ${event.body.reason}, expected ${reason}`);
    const threadId = event.body.threadId!;
    const trace = await this.stackTraceRequest({ threadId });
    return { threadId, top: trace.body.stackFrames[0], event };
  }

  /** The variables of the named scope of a frame, as name → value. */
  async scope(frameId: number, name: string): Promise<{ reference: number; values: Record<string, string> }> {
    const scopes = await this.scopesRequest({ frameId });
    const scope = scopes.body.scopes.find((s) => s.name === name);
    if (!scope) throw new Error(`no scope ${name} in ${scopes.body.scopes.map((s) => s.name).join(', ')}`);
    const vars = await this.variablesRequest({ variablesReference: scope.variablesReference });
    return { reference: scope.variablesReference, values: Object.fromEntries(vars.body.variables.map((v) => [v.name, v.value])) };
  }

  async close(): Promise<void> {
    try {
      await this.disconnectRequest({});
    } catch {
      // the adapter may be gone already
    }
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill();
      await exited;
    }
  }

  get errors(): string {
    return this.stderr;
  }
}

/** A copy of test/fixtures/debugger in a temporary folder, with the paths of its files. */
export function debuggerProject(): { dir: string; api: string; audit: string } {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-debug-'));
  cpSync(join(ROOT, 'test', 'fixtures', 'debugger'), dir, { recursive: true });
  const artifacts = join(dir, 'src', 'main', 'wso2mi', 'artifacts');
  return { dir, api: join(artifacts, 'apis', 'ShopAPI.xml'), audit: join(artifacts, 'sequences', 'Audit.xml') };
}
