/** Entry point: wires the Ctx, explorer, tasks, commands and language client together. */
import * as vscode from 'vscode';
import type { ConduitApi } from './api';
import { ConduitLanguageClient } from './client/language-client';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { registerDebugger } from './debug/debugger';
import { registerDiagram } from './diagram/diagram-panel';
import { ConduitTaskProvider, TASK_TYPE } from './tasks/task-provider';
import { RuntimeSession } from './tasks/runtime-session';
import { ResponseDocuments, RESPONSE_SCHEME } from './try-it/try-it';
import { TryItPanels } from './try-it/try-it-panel';
import { MessageTraceView } from './views/message-trace';
import { ProjectExplorer, type ExplorerNode } from './views/project-explorer';
import { watchProject } from './views/project-watcher';

let ctx: Ctx | undefined;

/** Set by the bundle's first line (scripts/build.mjs), before any module of it loads. */
declare const __conduitBundleStart: number | undefined;

/** How long activation took, in ms of the extension host's clock (bench/extension.ts reads it). */
export interface ActivationTime {
  /** From the bundle's first line to activate() being called: loading and evaluating the code. */
  loadMs?: number;
  /** From activate() being called to the promise it returns resolving. */
  activateMs: number;
  /** Both together, i.e. from the host starting to load the extension to activation being done. */
  totalMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<ConduitApi> {
  const called = performance.now();
  const bundleStart = typeof __conduitBundleStart === 'number' ? __conduitBundleStart : undefined;
  try {
    const c = (ctx = new Ctx(context));
    const runtime = new RuntimeSession(c);
    const explorer = new ProjectExplorer(c, (kind, name) => runtime.refused.find((r) => r.kind === kind && r.name === name));
    const tasks = new ConduitTaskProvider(c, runtime);
    const responses = new ResponseDocuments();
    const tryIt = new TryItPanels(c, runtime, responses);
    const client = new ConduitLanguageClient(c);
    const traces = new MessageTraceView(runtime);
    c.subscriptions.push(
      explorer,
      runtime,
      responses,
      tryIt,
      client,
      vscode.window.registerTreeDataProvider('conduit.projectExplorer', explorer),
      vscode.tasks.registerTaskProvider(TASK_TYPE, tasks),
      vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, responses),
      c.onDidChangeProject(() => explorer.refresh()),
      runtime.onDidChangeRefused(() => explorer.refresh()),
      watchProject(c),
      ...registerCommands({ ctx: c, explorer, runtime, tasks, tryIt, client }),
      ...registerDebugger(c, runtime),
      ...registerDiagram(context.extensionUri),
      traces,
      vscode.window.registerTreeDataProvider('conduit.messageTrace', traces),
      vscode.commands.registerCommand('conduit.refreshTraces', () => traces.refresh()),
      vscode.commands.registerCommand('conduit.toggleTrace', () => c.config.toggleTrace()),
      runtime.onDidChangeState(() => traces.refresh()),
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
    const resolved = performance.now();
    const activation: ActivationTime = {
      loadMs: bundleStart === undefined ? undefined : called - bundleStart,
      activateMs: resolved - called,
      totalMs: resolved - (bundleStart ?? called),
    };
    // Not in package.json: an internal command for benchmarks, not for the palette.
    c.subscriptions.push(vscode.commands.registerCommand('conduit.internal.activationTime', () => activation));
    return { ctx: c, explorer, runtime, tryIt, traces, allNodes, languageClientRunning: () => client.running };
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
