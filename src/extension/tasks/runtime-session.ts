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
import type { RefusedArtifact } from '../../model/types';
import type { Ctx } from '../ctx';
import { stopLaunchedSessions } from '../debug/debugger';
import { RuntimeProcess, type RuntimeOptions } from './runtime-process';

const OUTPUT_LIMIT = 1 << 20;
/** The runtime writes its management file right after it starts listening; this bounds the wait for it. */
const MANAGEMENT_FILE_WAIT_MS = 5_000;
/** Lines the runtime prints when it (re)deploys or refuses an artifact: the refusals are read again after them. */
const DEPLOY_LINE = /has been deployed from file|was not deployed/;
/** What a RabbitMQ store prints when its broker does not answer. */
const BROKER_DOWN = /CONDUIT_STORE_UNAVAILABLE message store (\S+): (\S+) is not reachable/;

export class RuntimeSession implements vscode.Disposable {
  private process: RuntimeProcess | undefined;
  private readonly outputEmitter = new vscode.EventEmitter<string>();
  private readonly stateEmitter = new vscode.EventEmitter<'started' | 'stopped'>();
  private readonly subscriptions: vscode.Disposable[] = [this.outputEmitter, this.stateEmitter];
  private listening = false;
  // One offer at a time: the restart it offers applies a change made while it is on screen too.
  private offering = false;
  private management: number | undefined;
  private refusedNow: RefusedArtifact[] = [];
  private artifactCount = 0;
  private readonly refusedEmitter = new vscode.EventEmitter<void>();
  private refreshTimer: NodeJS.Timeout | undefined;
  /** The embedded-store offer is made once per run. */
  private offeredEmbedded = false;
  /** The last megabyte the runtime printed, across runs (the tests read it). */
  output = '';
  readonly onOutput = this.outputEmitter.event;
  readonly onDidChangeState = this.stateEmitter.event;
  /** The running runtime's refusals changed (it started, stopped, or redeployed a file). */
  readonly onDidChangeRefused = this.refusedEmitter.event;

  constructor(private readonly ctx: Ctx) {
    this.subscriptions.push(this.refusedEmitter);
    this.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => this.offerRestart(e)));
  }

  /**
   * A RabbitMQ store whose broker does not answer cannot store anything; the sample's first run meets this
   * when no RabbitMQ is installed. Offers the embedded store, which keeps those stores' messages in a
   * durable local store, and restarts the runtime with it.
   */
  private async offerEmbeddedStore(store: string, broker: string): Promise<void> {
    const message =
      `Conduit: RabbitMQ at ${broker} does not answer, so message store ${store} cannot store messages. ` +
      `The embedded store keeps RabbitMQ stores' messages in a durable store on this machine instead (setting conduit.runtime.embeddedBroker).`;
    const choice = await vscode.window.showWarningMessage(message, 'Use the Embedded Store', 'Open Settings');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'conduit.runtime.embeddedBroker');
      return;
    }
    if (choice !== 'Use the Embedded Store') return;
    // Restarted here, not offered again by offerRestart.
    this.offering = true;
    try {
      await vscode.workspace.getConfiguration('conduit').update('runtime.embeddedBroker', true, vscode.ConfigurationTarget.Workspace);
      if (!this.running) return;
      await vscode.commands.executeCommand('conduit.stop');
      await vscode.commands.executeCommand('conduit.exportAndRun');
    } finally {
      this.offering = false;
    }
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

  /** What the running runtime refused to deploy, with why (empty when none runs). */
  get refused(): readonly RefusedArtifact[] {
    return this.running ? this.refusedNow : [];
  }

  /** A GET on the running runtime's management API; undefined when none runs or the resource is absent. */
  async managementGet<T>(path: string): Promise<T | undefined> {
    const root = this.projectRoot;
    if (!root) return undefined;
    const info = await readManagementFile(root);
    if (!info) return undefined;
    const res = await fetch(`${info.url}${path}`, { headers: { Authorization: `Bearer ${info.token}` } });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`the runtime answered ${res.status} for ${path}`);
    return (await res.json()) as T;
  }

  /**
   * Reads the refusals from the runtime; after a start (`notify`), says in a notification when anything
   * is not running, since the log alone is easy to miss.
   */
  private async refreshRefused(notify: boolean): Promise<void> {
    let artifacts: { deployed: string[]; refused: RefusedArtifact[] } | undefined;
    try {
      artifacts = await this.managementGet('/artifacts');
    } catch {
      artifacts = undefined; // the runtime went away meanwhile
    }
    this.refusedNow = artifacts?.refused ?? [];
    this.artifactCount = (artifacts?.deployed.length ?? 0) + this.refusedNow.length;
    this.updateStatus();
    this.refusedEmitter.fire();
    if (!notify || this.refusedNow.length === 0) return;
    const names = this.refusedNow.map((r) => r.name);
    const message = `Conduit: ${names.length} of ${this.artifactCount} artifacts are not running (${listed(names)}).`;
    void vscode.window.showWarningMessage(message, 'Show Problems', 'Show Output').then((choice) => {
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      else if (choice === 'Show Output') this.ctx.runtimeOutput.show(true);
    });
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
    this.offeredEmbedded = false;
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
    await this.refreshRefused(true);
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
    const down = BROKER_DOWN.exec(text);
    if (down && !this.offeredEmbedded && !this.ctx.config.embeddedBroker) {
      this.offeredEmbedded = true;
      void this.offerEmbeddedStore(down[1], down[2]);
    }
    if (this.listening && DEPLOY_LINE.test(text)) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => void this.refreshRefused(false), 200);
    }
    this.output = (this.output + text).slice(-OUTPUT_LIMIT);
    this.ctx.runtimeOutput.append(text);
    this.outputEmitter.fire(text);
  }

  private updateStatus(): void {
    const bar = this.ctx.statusBar;
    if (this.running) {
      const refused = this.refusedNow.length;
      bar.text = !this.listening ? `$(loading~spin) Conduit starting` : refused ? `$(warning) Conduit :${this.port} · ${refused} not running` : `$(radio-tower) Conduit :${this.port}`;
      bar.backgroundColor = this.listening && refused ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      const management = this.management === undefined ? '' : `, management API on port ${this.management}`;
      const notRunning = refused ? ` Not running: ${listed(this.refusedNow.map((r) => r.name))}.` : '';
      bar.tooltip = `Conduit runtime ${this.listening ? 'running' : 'starting'} ${this.projectRoot} on port ${this.port}${management}.${notRunning} Click to stop.`;
      bar.command = 'conduit.stop';
      bar.show();
      void vscode.commands.executeCommand('setContext', 'conduit.runtimeRunning', true);
    } else {
      clearTimeout(this.refreshTimer);
      if (this.refusedNow.length) {
        this.refusedNow = [];
        this.refusedEmitter.fire();
      }
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
