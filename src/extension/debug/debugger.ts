/**
 * The `conduit` debug type: VS Code starts `dist/cli.js debug-adapter` with its own Node for each launch
 * (an attach connects to the debug port of `conduit run --debug`),
 * F5 without a launch.json debugs the open project, and "Conduit: Debug Project" starts a session.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { RuntimeSession } from '../tasks/runtime-session';

export const DEBUG_TYPE = 'conduit';

/** The launch configuration of the open project (what the launch.json snippet writes). */
export function projectLaunch(ctx: Ctx, root: string): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: 'Debug Conduit project', project: root, port: ctx.config.runtimePort, embeddedBroker: ctx.config.embeddedBroker };
}

/** Starts a debug session on the open project; resolves true once it started. */
export async function debugProject(ctx: Ctx): Promise<boolean> {
  const project = await ctx.requireProject();
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(project.root));
  return vscode.debug.startDebugging(folder, projectLaunch(ctx, project.root));
}

/** Ends the `conduit` launch sessions (each runs a runtime of its own), so another runtime can have the project. */
export async function stopLaunchedSessions(): Promise<void> {
  const session = vscode.debug.activeDebugSession;
  if (session?.type === DEBUG_TYPE && session.configuration.request === 'launch') await vscode.debug.stopDebugging(session);
}

export function registerDebugger(ctx: Ctx, runtime: RuntimeSession): vscode.Disposable[] {
  return [
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: (session) =>
        session.configuration.request === 'attach'
          ? new vscode.DebugAdapterServer(Number(session.configuration.debugPort ?? 9165), '127.0.0.1')
          : new vscode.DebugAdapterExecutable(process.execPath, [ctx.cliPath, 'debug-adapter'], { env: { ELECTRON_RUN_AS_NODE: '1' } }),
    }),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, {
      async resolveDebugConfiguration(_folder, config) {
        if (config.type && config.request) return config;
        // F5 with no launch.json: debug the open project
        const project = await ctx.requireProject();
        return projectLaunch(ctx, project.root);
      },
      async resolveDebugConfigurationWithSubstitutedVariables(_folder, config) {
        // A launch runs a runtime of its own: the Export and Run one would hold the port and the embedded stores.
        if (config.request === 'launch' && runtime.running) {
          ctx.runtimeOutput.appendLine('Stopping the running Conduit runtime: the debug session runs the project itself.');
          await runtime.stop();
        }
        return config;
      },
    }),
  ];
}
