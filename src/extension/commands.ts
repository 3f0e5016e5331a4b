/**
 * Commands as a registry of factories (after rust-analyzer): each entry makes the handler from the
 * Ctx and the services it needs. Every "New ..." command takes either an explorer node (from a context
 * menu) or a `ScriptedArgs` object (answers instead of prompts); both run the same wizard steps.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScriptedArgs } from './api';
import type { ConduitLanguageClient } from './client/language-client';
import { debugProject } from './debug/debugger';
import type { Ctx } from './ctx';
import { ConduitTaskProvider, exportProject, TASK_TYPE } from './tasks/task-provider';
import type { RuntimeSession } from './tasks/runtime-session';
import type { TryItPanels } from './try-it/try-it-panel';
import { firstDraft } from './try-it/try-it';
import { nodeLocation, type ExplorerNode, type ProjectExplorer } from './views/project-explorer';
import { runArtifactWizard, type ArtifactWizard } from './wizards/artifact-wizard';
import { runCreateProject } from './wizards/create-project';
import { QuickInputWizard, ScriptedInput, WizardCancelled, type WizardInput } from './wizards/multi-step';
import { newApiWizard } from './wizards/new-api';
import { newEndpointWizard } from './wizards/new-endpoint';
import { newConnectionWizard } from './wizards/new-connection';
import { newLocalEntryWizard } from './wizards/new-local-entry';
import { newMessageProcessorWizard } from './wizards/new-message-processor';
import { newMessageStoreWizard } from './wizards/new-message-store';
import { newSequenceWizard } from './wizards/new-sequence';
import { newTaskWizard } from './wizards/new-task';
import { newTemplateWizard } from './wizards/new-template';
import { openAtName } from './wizards/save-artifact';

export interface Services {
  ctx: Ctx;
  explorer: ProjectExplorer;
  runtime: RuntimeSession;
  tasks: ConduitTaskProvider;
  tryIt: TryItPanels;
  client: ConduitLanguageClient;
}

type Handler = (...args: unknown[]) => unknown;
type Factory = (s: Services) => Handler;

const isScripted = (a: unknown): a is ScriptedArgs => typeof a === 'object' && a !== null && 'values' in a;
const isNode = (a: unknown): a is ExplorerNode => typeof a === 'object' && a !== null && 'type' in a;
const inputFor = (arg: unknown, title: string, totalSteps?: number): WizardInput =>
  isScripted(arg) ? new ScriptedInput(arg.values) : new QuickInputWizard(title, totalSteps);

function newArtifact<S extends { name: string }>(wizard: ArtifactWizard<S>): Factory {
  return ({ ctx }) =>
    async (arg?: unknown) => {
      const project = await ctx.requireProject();
      const { file, state } = await runArtifactWizard(
        wizard,
        { project, lookup: (kind) => ctx.artifactNames(kind) },
        inputFor(arg, wizard.title, wizard.totalSteps),
      );
      await openAtName(file, state.name);
      await ctx.reloadProject();
      return file;
    };
}

export const COMMANDS: Record<string, Factory> = {
  'conduit.createProject': ({ ctx }) => async (arg?: unknown) => {
    let parent = isScripted(arg) ? arg.parent : undefined;
    if (!parent) {
      const picked = await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        openLabel: 'Create the project here',
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir()),
      });
      if (!picked?.[0]) return undefined;
      parent = picked[0].fsPath;
    }
    const root = await runCreateProject(inputFor(arg, 'Create Project', 4), parent);
    if (isScripted(arg) && arg.noOpen) {
      await ctx.reloadProject();
      return root;
    }
    const inWorkspace = vscode.workspace.workspaceFolders?.some((f) => !path.relative(f.uri.fsPath, root).startsWith('..'));
    if (inWorkspace) await ctx.reloadProject();
    else await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(root));
    return root;
  },
  'conduit.openProject': () => async () => {
    const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, openLabel: 'Open Project' });
    if (picked?.[0]) await vscode.commands.executeCommand('vscode.openFolder', picked[0]);
  },
  'conduit.refreshExplorer': ({ ctx }) => () => ctx.reloadProject(),
  'conduit.newApi': newArtifact(newApiWizard),
  'conduit.newEndpoint': newArtifact(newEndpointWizard),
  'conduit.newSequence': newArtifact(newSequenceWizard),
  'conduit.newMessageStore': newArtifact(newMessageStoreWizard),
  'conduit.newMessageProcessor': newArtifact(newMessageProcessorWizard),
  'conduit.newTemplate': newArtifact(newTemplateWizard),
  'conduit.newLocalEntry': newArtifact(newLocalEntryWizard),
  'conduit.newConnection': newArtifact(newConnectionWizard),
  'conduit.newTask': newArtifact(newTaskWizard),
  'conduit.openArtifact': () => async (node?: unknown) => {
    if (!isNode(node)) return;
    const at = nodeLocation(node);
    if (!at) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(at.file));
    await vscode.window.showTextDocument(doc, { selection: at.range, preview: true });
  },
  'conduit.deleteArtifact': ({ ctx }) => async (node?: unknown, options?: unknown) => {
    if (!isNode(node) || node.type !== 'artifact') return false;
    const confirmed =
      (options as { confirmed?: boolean } | undefined)?.confirmed === true ||
      (await vscode.window.showWarningMessage(
        `Delete ${node.artifact.name}?`,
        { modal: true, detail: `${node.artifact.file} will be deleted. Artifacts that refer to it will show an unresolved reference.` },
        'Delete',
      )) === 'Delete';
    if (!confirmed) return false;
    await vscode.workspace.fs.delete(vscode.Uri.file(node.artifact.file), { useTrash: false });
    await ctx.reloadProject();
    return true;
  },
  'conduit.revealInExplorer': () => async (node?: unknown) => {
    if (!isNode(node)) return;
    const file = node.type === 'artifact' || node.type === 'resource' ? node.artifact.file : node.type === 'project' ? node.project.root : undefined;
    if (file) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(file));
  },
  'conduit.export': ({ ctx }) => async () => {
    const project = await ctx.requireProject();
    const result = await exportProject(project.root);
    void vscode.window.showInformationMessage(`Exported ${path.basename(result.file)} (${result.artifacts.length} artifacts)`);
    return result;
  },
  'conduit.debugProject': ({ ctx }) => () => debugProject(ctx),
  'conduit.exportAndRun': ({ ctx, runtime, tasks }) => async () => {
    await ctx.requireProject();
    const started = new Promise<void>((resolve, reject) => {
      const subs = [
        runtime.onDidChangeState((s) => {
          subs.forEach((d) => d.dispose());
          if (s === 'started') resolve();
          else reject(new Error('the runtime stopped before it listened; see the Conduit Runtime output'));
        }),
      ];
    });
    await vscode.tasks.executeTask(tasks.task({ type: TASK_TYPE, action: 'run' }));
    await started;
    return { port: runtime.port, pid: runtime.pid };
  },
  'conduit.stop': ({ runtime }) => async () => {
    await runtime.stop();
    for (const e of vscode.tasks.taskExecutions) if (e.task.definition.type === TASK_TYPE) e.terminate();
  },
  'conduit.showRuntimeOutput': ({ ctx }) => () => ctx.runtimeOutput.show(true),
  'conduit.tryIt': ({ tryIt }) => async (node?: unknown, args?: unknown) => {
    if (!isNode(node) || node.type !== 'resource') {
      void vscode.window.showInformationMessage('Run "Try it" on an API resource in the Conduit Project Explorer.');
      return undefined;
    }
    const panel = tryIt.open(node.artifact, node.index);
    if (!isScripted(args)) return undefined;
    // Scripted: send at once with the given method, path variables and body; answer with the response.
    const { method, body, ...vars } = args.values;
    const draft = tryIt.lastDraft(panel.resource) ?? firstDraft(node.artifact, node.index, panel.resource);
    const outcome = await panel.send({
      ...draft,
      method: method ?? draft.method,
      values: { ...draft.values, ...vars },
      body: body ?? draft.body,
    });
    if (outcome.error) throw new Error(outcome.error.message);
    return outcome.response;
  },
  'conduit.restartLanguageServer': ({ client }) => () => client.restart(),
};

/** Registers every command; errors are shown to the user (a cancelled wizard is not an error) and rethrown. */
export function registerCommands(s: Services): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => {
    const handler = factory(s);
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (err) {
        if (err instanceof WizardCancelled) return undefined;
        void vscode.window.showErrorMessage(`Conduit: ${(err as Error).message}`);
        throw err;
      }
    });
  });
}
