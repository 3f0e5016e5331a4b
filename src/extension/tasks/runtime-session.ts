/**
 * The runtime the user started with Export and Run: at most one at a time. Its output goes to the
 * "Conduit Runtime" output channel and to whoever listens (the task's terminal); the status bar shows it
 * while it runs.
 *
 * Redeploy on save: saving an XML file of the running project restarts the runtime (stop, then start with
 * the same options). A restart takes about a second and always deploys exactly what is on disk, including
 * artifacts that were added or deleted; messages in durable stores survive it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { RuntimeProcess, type RuntimeOptions } from './runtime-process';

const OUTPUT_LIMIT = 1 << 20;

export class RuntimeSession implements vscode.Disposable {
  private process: RuntimeProcess | undefined;
  private readonly outputEmitter = new vscode.EventEmitter<string>();
  private readonly stateEmitter = new vscode.EventEmitter<'started' | 'stopped'>();
  private readonly subscriptions: vscode.Disposable[] = [this.outputEmitter, this.stateEmitter];
  private restarting: Promise<void> | undefined;
  private listening = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** The last megabyte the runtime printed, across restarts (the tests read it). */
  output = '';
  readonly onOutput = this.outputEmitter.event;
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(private readonly ctx: Ctx) {
    this.subscriptions.push(
      vscode.workspace.onDidSaveTextDocument((doc) => this.onSaved(doc)),
    );
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

  get projectRoot(): string | undefined {
    return this.running ? this.process?.options.project : undefined;
  }

  /** Starts the runtime for a project (stopping one that runs) and resolves when it listens. */
  async start(project: string): Promise<void> {
    await this.stop();
    const options: RuntimeOptions = {
      cli: this.ctx.cliPath,
      project,
      port: this.ctx.config.runtimePort,
      embeddedBroker: this.ctx.config.embeddedBroker,
      logLevel: this.ctx.config.logLevel,
    };
    this.emit(`Starting Conduit runtime for ${project} on port ${options.port}\n`);
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
    this.listening = true;
    this.updateStatus();
    this.stateEmitter.fire('started');
  }

  async stop(): Promise<void> {
    clearTimeout(this.restartTimer);
    const proc = this.process;
    if (!proc) return;
    await proc.stop();
    this.updateStatus();
  }

  /** Restarts with the same project; concurrent requests share one restart. */
  restart(): Promise<void> {
    const root = this.projectRoot;
    if (!root) return Promise.resolve();
    this.restarting ??= (async () => {
      this.emit('Redeploying after a change\n');
      try {
        await this.start(root);
      } finally {
        this.restarting = undefined;
      }
    })();
    return this.restarting;
  }

  private onSaved(doc: vscode.TextDocument): void {
    const root = this.projectRoot;
    if (!root || !doc.fileName.endsWith('.xml')) return;
    if (path.relative(root, doc.fileName).startsWith('..')) return;
    // Saving several files at once (Save All) restarts once.
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restart().catch((err) => this.emit(`Redeploy failed: ${(err as Error).message}\n`));
    }, 300);
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
      bar.tooltip = `Conduit runtime ${this.listening ? 'running' : 'starting'} ${this.projectRoot} on port ${this.port}. Click to stop.`;
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
