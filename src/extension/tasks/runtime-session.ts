/**
 * The runtime the user started with Export and Run: at most one at a time. Its output goes to the
 * "Conduit Runtime" output channel and to whoever listens (the task's terminal); the status bar shows it
 * while it runs.
 *
 * Redeploy on save: the runtime runs with `--watch`, so saving (or adding, deleting) an artifact file
 * redeploys just that artifact in the running process; nothing here restarts it. Its management API takes
 * the configured port (default: any free one, so two windows never collide) and the session reads the port
 * back from the file the runtime writes, `.conduit/management.json`.
 */
import * as vscode from 'vscode';
import { readManagementFile } from '../../model/management-file';
import type { Ctx } from '../ctx';
import { stopLaunchedSessions } from '../debug/debugger';
import { RuntimeProcess, type RuntimeOptions } from './runtime-process';

const OUTPUT_LIMIT = 1 << 20;
/** The runtime writes its management file right after it starts listening; this bounds the wait for it. */
const MANAGEMENT_FILE_WAIT_MS = 5_000;

export class RuntimeSession implements vscode.Disposable {
  private process: RuntimeProcess | undefined;
  private readonly outputEmitter = new vscode.EventEmitter<string>();
  private readonly stateEmitter = new vscode.EventEmitter<'started' | 'stopped'>();
  private readonly subscriptions: vscode.Disposable[] = [this.outputEmitter, this.stateEmitter];
  private listening = false;
  // One offer at a time: the restart it offers applies a change made while it is on screen too.
  private offering = false;
  private management: number | undefined;
  /** The last megabyte the runtime printed, across runs (the tests read it). */
  output = '';
  readonly onOutput = this.outputEmitter.event;
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(private readonly ctx: Ctx) {
    this.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => this.offerRestart(e)));
  }

  /** The runtime reads its settings only when it starts: a change while it runs is applied by a restart, if the user wants one. */
  private async offerRestart(e: vscode.ConfigurationChangeEvent): Promise<void> {
    const changed = this.ctx.config.runtimeSettingsChangedBy(e);
    if (!this.running || changed.length === 0 || this.offering) return;
    this.offering = true;
    let choice: string | undefined;
    try {
      choice = await vscode.window.showInformationMessage(`Conduit: the runtime reads ${listed(changed)} when it starts. Restart it now?`, 'Restart', 'Later');
    } finally {
      this.offering = false;
    }
    if (choice !== 'Restart' || !this.running) return;
    await vscode.commands.executeCommand('conduit.stop');
    await vscode.commands.executeCommand('conduit.exportAndRun');
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  get pid(): number | undefined {
    return this.running ? this.process?.pid : undefined;
  }

  get port(): number | undefined {
    return this.running ? this.process?.options.port : undefined;
  }

  /** The management API's port, once the runtime has logged it. */
  get managementPort(): number | undefined {
    return this.running ? this.management : undefined;
  }

  get projectRoot(): string | undefined {
    return this.running ? this.process?.options.project : undefined;
  }

  /** Starts the runtime for a project (stopping one that runs) and resolves when it listens. */
  async start(project: string): Promise<void> {
    await this.stop();
    await stopLaunchedSessions();
    const options: RuntimeOptions = {
      cli: this.ctx.cliPath,
      project,
      port: this.ctx.config.runtimePort,
      managementPort: this.ctx.config.managementPort,
      embeddedBroker: this.ctx.config.embeddedBroker,
      trace: this.ctx.config.trace,
      logLevel: this.ctx.config.logLevel,
    };
    const management = options.managementPort === 0 ? 'any free port' : `port ${options.managementPort}`;
    this.emit(`Starting Conduit runtime for ${project} on port ${options.port} (management API on ${management})\n`);
    this.management = undefined;
    const proc = new RuntimeProcess(options, {
      output: (text) => this.emit(text),
      exit: (code, signal) => {
        this.emit(`Conduit runtime exited (${signal ?? `code ${code}`})\n`);
        if (this.process === proc) this.updateStatus();
        this.stateEmitter.fire('stopped');
      },
    });
    this.process = proc;
    this.listening = false;
    this.updateStatus();
    await proc.waitUntilListening();
    this.management = await this.managementPortOf(project, proc);
    if (this.management !== undefined) this.emit(`Conduit management API on port ${this.management}\n`);
    this.listening = true;
    this.updateStatus();
    this.stateEmitter.fire('started');
  }

  /**
   * The management API's port from the file the runtime writes once it listens (`.conduit/management.json`),
   * once it names this process; undefined when the runtime serves none (its port was taken: the output says so).
   */
  private async managementPortOf(project: string, proc: RuntimeProcess): Promise<number | undefined> {
    for (const deadline = Date.now() + MANAGEMENT_FILE_WAIT_MS; Date.now() < deadline && proc.running; ) {
      const info = await readManagementFile(project);
      if (info && info.pid === proc.pid) return info.port;
      await new Promise((r) => setTimeout(r, 25));
    }
    return undefined;
  }

  async stop(): Promise<void> {
    const proc = this.process;
    if (!proc) return;
    await proc.stop();
    this.updateStatus();
  }

  private emit(text: string): void {
    this.output = (this.output + text).slice(-OUTPUT_LIMIT);
    this.ctx.runtimeOutput.append(text);
    this.outputEmitter.fire(text);
  }

  private updateStatus(): void {
    const bar = this.ctx.statusBar;
    if (this.running) {
      bar.text = this.listening ? `$(radio-tower) Conduit :${this.port}` : `$(loading~spin) Conduit starting`;
      const management = this.management === undefined ? '' : `, management API on port ${this.management}`;
      bar.tooltip = `Conduit runtime ${this.listening ? 'running' : 'starting'} ${this.projectRoot} on port ${this.port}${management}. Click to stop.`;
      bar.command = 'conduit.stop';
      bar.show();
      void vscode.commands.executeCommand('setContext', 'conduit.runtimeRunning', true);
    } else {
      bar.hide();
      void vscode.commands.executeCommand('setContext', 'conduit.runtimeRunning', false);
    }
  }

  dispose(): void {
    void this.stop();
    for (const d of this.subscriptions) d.dispose();
  }
}

function listed(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
