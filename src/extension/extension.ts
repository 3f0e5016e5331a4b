/** Entry point: wires the Ctx, explorer, tasks, commands and language client together. */
import * as vscode from 'vscode';
import type { ConduitApi } from './api';
import { ConduitLanguageClient } from './client/language-client';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { ConduitTaskProvider, TASK_TYPE } from './tasks/task-provider';
import { RuntimeSession } from './tasks/runtime-session';
import { ResponseDocuments, RESPONSE_SCHEME } from './try-it/try-it';
import { ProjectExplorer, type ExplorerNode } from './views/project-explorer';
import { watchProject } from './views/project-watcher';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ConduitApi> {
  try {
    const c = (ctx = new Ctx(context));
    const explorer = new ProjectExplorer(c);
    const runtime = new RuntimeSession(c);
    const tasks = new ConduitTaskProvider(c, runtime);
    const responses = new ResponseDocuments();
    const client = new ConduitLanguageClient(c);
    c.subscriptions.push(
      explorer,
      runtime,
      responses,
      client,
      vscode.window.registerTreeDataProvider('conduit.projectExplorer', explorer),
      vscode.tasks.registerTaskProvider(TASK_TYPE, tasks),
      vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, responses),
      c.onDidChangeProject(() => explorer.refresh()),
      watchProject(c),
      ...registerCommands({ ctx: c, explorer, runtime, tasks, responses, client }),
    );
    context.subscriptions.push(c);
    await c.reloadProject();
    // The language server starts in the background: the explorer and commands do not wait for it.
    void client.start().catch((err) => void vscode.window.showWarningMessage(`Conduit language server: ${(err as Error).message}`));
    const allNodes = () => {
      const out: ExplorerNode[] = [];
      const walk = (n?: ExplorerNode) => {
        for (const k of explorer.getChildren(n)) {
          out.push(k);
          walk(k);
        }
      };
      walk();
      return out;
    };
    return { ctx: c, explorer, runtime, allNodes, languageClientRunning: () => client.running };
  } catch (err) {
    void vscode.window.showErrorMessage(`Conduit failed to start: ${(err as Error).message}`);
    throw err;
  }
}

export function deactivate(): Thenable<void> | undefined {
  const c = ctx;
  ctx = undefined;
  c?.dispose();
  return undefined;
}
