/**
 * The extension's state in one place (after rust-analyzer's Ctx): configuration, the output channel,
 * the status bar item, the current project and the disposables of the extension's lifetime.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findProjectRoot, loadProject } from '../model/project';
import type { Project } from '../model/types';
import { Config } from './config';

export class Ctx implements vscode.Disposable {
  readonly config = new Config();
  readonly runtimeOutput: vscode.OutputChannel;
  readonly statusBar: vscode.StatusBarItem;
  readonly subscriptions: vscode.Disposable[] = [];
  private readonly projectChanged = new vscode.EventEmitter<Project | undefined>();
  /** Fires after the project was (re)loaded from disk, or closed. */
  readonly onDidChangeProject = this.projectChanged.event;
  private current: Project | undefined;
  private loading: Promise<Project | undefined> | undefined;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.runtimeOutput = vscode.window.createOutputChannel('Conduit Runtime');
    this.statusBar = vscode.window.createStatusBarItem('conduit.runtime', vscode.StatusBarAlignment.Left, 10);
    this.statusBar.name = 'Conduit Runtime';
    this.subscriptions.push(this.runtimeOutput, this.statusBar, this.projectChanged);
  }

  /** The extension's own files (dist/, media/). */
  asAbsolutePath(relative: string): string {
    return this.extension.asAbsolutePath(relative);
  }

  get project(): Project | undefined {
    return this.current;
  }

  /** Finds the project in the workspace folders and loads it; files that do not parse become problems. */
  async reloadProject(): Promise<Project | undefined> {
    const run = async () => {
      let project: Project | undefined;
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const root = await findProjectRoot(folder.uri.fsPath);
        if (!root) continue;
        project = await loadProject(root).catch(() => undefined);
        if (project) break;
      }
      this.current = project;
      await vscode.commands.executeCommand('setContext', 'conduit.projectOpen', project !== undefined);
      this.projectChanged.fire(project);
      return project;
    };
    // Bursts of file events reload once after the one in flight.
    const next = (this.loading ?? Promise.resolve(undefined)).then(run, run);
    this.loading = next;
    return next;
  }

  /** The loaded project, or an error the command can show. */
  async requireProject(): Promise<Project> {
    const project = this.current ?? (await this.reloadProject());
    if (!project) throw new Error('Open a folder that holds a Synapse project (or create one with "Conduit: Create Project").');
    return project;
  }

  /** Names of the project's artifacts of a kind, sorted, for pickers. */
  artifactNames(kind: string): string[] {
    return (this.current?.artifacts ?? [])
      .filter((a) => a.kind === kind)
      .map((a) => a.name)
      .sort((a, b) => a.localeCompare(b));
  }

  /** Path of the bundled CLI (dist/cli.js) or the configured override. */
  get cliPath(): string {
    return this.config.runtimePath ?? path.join(this.extension.extensionPath, 'dist', 'cli.js');
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }
}
