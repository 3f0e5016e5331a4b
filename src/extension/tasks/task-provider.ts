/**
 * The `conduit` task type: `{ "type": "conduit", "action": "export" }` writes target/<name>_<version>.car;
 * `"action": "run"` exports, then starts the runtime and keeps the task alive until it is stopped.
 * Both run as CustomExecutions, so their output appears in the task terminal.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportCar } from '../../model/car';
import { loadProject } from '../../model/project';
import type { Ctx } from '../ctx';
import type { RuntimeSession } from './runtime-session';

export const TASK_TYPE = 'conduit';

/** Mirrors `contributes.taskDefinitions` in package.json. */
export interface ConduitTaskDefinition extends vscode.TaskDefinition {
  type: typeof TASK_TYPE;
  action: 'export' | 'run';
  /** Project folder; defaults to the open project. */
  project?: string;
}

/** Exports the project's .car into `<project>/target/`. */
export async function exportProject(root: string): Promise<{ file: string; artifacts: string[] }> {
  const project = await loadProject(root);
  const target = path.join(project.root, 'target');
  await vscode.workspace.fs.createDirectory(vscode.Uri.file(target));
  return exportCar(project, target);
}

export class ConduitTaskProvider implements vscode.TaskProvider {
  constructor(private readonly ctx: Ctx, private readonly runtime: RuntimeSession) {}

  async provideTasks(): Promise<vscode.Task[]> {
    if (!this.ctx.project) return [];
    return [this.task({ type: TASK_TYPE, action: 'export' }), this.task({ type: TASK_TYPE, action: 'run' })];
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as ConduitTaskDefinition;
    if (def.action !== 'export' && def.action !== 'run') return undefined;
    return this.task(def, task.scope);
  }

  task(def: ConduitTaskDefinition, scope: vscode.TaskScope | vscode.WorkspaceFolder = vscode.TaskScope.Workspace): vscode.Task {
    const name = def.action === 'export' ? 'Export' : 'Export and Run';
    const task = new vscode.Task(
      def,
      scope,
      name,
      TASK_TYPE,
      new vscode.CustomExecution(async () => (def.action === 'export' ? new ExportTerminal(this.ctx, def) : new RunTerminal(this.ctx, this.runtime, def))),
    );
    task.isBackground = def.action === 'run';
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
    return task;
  }
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

class ExportTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;

  constructor(private readonly ctx: Ctx, private readonly def: ConduitTaskDefinition) {}

  async open(): Promise<void> {
    try {
      const root = this.def.project ?? (await this.ctx.requireProject()).root;
      const { file, artifacts } = await exportProject(root);
      this.writer.fire(crlf(`Exported ${artifacts.length} artifacts to ${file}\n`));
      this.closer.fire(0);
    } catch (err) {
      this.writer.fire(crlf(`Export failed: ${(err as Error).message}\n`));
      this.closer.fire(1);
    }
  }

  close(): void {}
}

class RunTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;

  constructor(private readonly ctx: Ctx, private readonly runtime: RuntimeSession, private readonly def: ConduitTaskDefinition) {}

  async open(): Promise<void> {
    try {
      const root = this.def.project ?? (await this.ctx.requireProject()).root;
      const { file } = await exportProject(root);
      this.writer.fire(crlf(`Exported ${file}\n`));
      this.subscriptions.push(this.runtime.onOutput((t) => this.writer.fire(crlf(t))));
      await this.runtime.start(root);
      // The task ends when the runtime stops for good (Stop, or a crash); a later Export and Run replaces it.
      this.subscriptions.push(
        this.runtime.onDidChangeState((s) => {
          if (s === 'stopped') setTimeout(() => !this.runtime.running && this.finish(0), 500);
        }),
      );
    } catch (err) {
      this.writer.fire(crlf(`Export and Run failed: ${(err as Error).message}\n`));
      this.finish(1);
    }
  }

  /** Closing the task terminal stops the runtime. */
  close(): void {
    void this.runtime.stop();
    this.finish(0);
  }

  private finish(code: number): void {
    this.subscriptions.splice(0).forEach((d) => d.dispose());
    this.closer.fire(code);
  }
}
