/** Typed access to the `conduit.*` settings (declared in package.json `contributes.configuration`). */
import * as vscode from 'vscode';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

// What RuntimeSession.start reads: a running runtime keeps the values it started with.
const RUNTIME_SETTINGS = ['conduit.runtime.port', 'conduit.runtime.managementPort', 'conduit.runtime.embeddedBroker', 'conduit.runtime.logLevel', 'conduit.runtime.path', 'conduit.runtime.trace'];

export class Config {
  private get cfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('conduit');
  }

  /** HTTP port the runtime listens on. Takes effect at the next run. */
  get runtimePort(): number {
    return this.cfg.get<number>('runtime.port', 8290);
  }

  /** Management API port; 0 lets the runtime pick a free one. Takes effect at the next run. */
  get managementPort(): number {
    return this.cfg.get<number>('runtime.managementPort', 0);
  }

  /** Run RabbitMQ-backed stores against the runtime's embedded broker instead of a real one. */
  get embeddedBroker(): boolean {
    return this.cfg.get<boolean>('runtime.embeddedBroker', false);
  }

  /** Record a trace of each request (`conduit run --trace`), shown in the Message Trace view. Read when the runtime starts. */
  get trace(): boolean {
    return this.cfg.get<boolean>('runtime.trace', false);
  }

  get logLevel(): LogLevel {
    return this.cfg.get<LogLevel>('runtime.logLevel', 'info');
  }

  /** A CLI to run instead of the bundled dist/cli.js (empty: the bundled one). */
  get runtimePath(): string | undefined {
    return this.cfg.get<string>('runtime.path', '') || undefined;
  }

  /** Turns request tracing on or off for this workspace (the running runtime offers to restart). */
  async toggleTrace(): Promise<void> {
    await this.cfg.update('runtime.trace', !this.trace, vscode.ConfigurationTarget.Workspace);
  }

  /** The settings a change touches that the runtime reads only when it starts, by their full names. */
  runtimeSettingsChangedBy(e: vscode.ConfigurationChangeEvent): string[] {
    return RUNTIME_SETTINGS.filter((s) => e.affectsConfiguration(s));
  }
}
