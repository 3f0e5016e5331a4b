/**
 * Starts the Conduit language server (dist/server.js) for the XML files of the project. The client has
 * its own disposal scope: `restart()` stops and disposes it, then starts a fresh one.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { Ctx } from '../ctx';

export class ConduitLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;

  constructor(private readonly ctx: Ctx) {}

  get running(): boolean {
    return this.client?.isRunning() ?? false;
  }

  async start(): Promise<void> {
    const module = this.ctx.asAbsolutePath('dist/server.js');
    if (!fs.existsSync(module)) {
      this.ctx.runtimeOutput.appendLine(`Language server not found at ${module}; validation in the editor is off.`);
      return;
    }
    const serverOptions: ServerOptions = {
      // The server speaks LSP over its stdin/stdout (src/server/main.ts).
      run: { module, transport: TransportKind.stdio },
      debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'xml', pattern: '**/src/main/wso2mi/**/*.xml' },
        { scheme: 'file', language: 'xml', pattern: '**/src/main/synapse-config/**/*.xml' },
        // MI 4.4 TypeScript data mappings: the server reports their errors as MI's build would.
        { scheme: 'file', language: 'typescript', pattern: '**/src/main/wso2mi/resources/**/datamapper/**/*.ts' },
      ],
      synchronize: {
        fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.xml'), vscode.workspace.createFileSystemWatcher('**/src/main/wso2mi/resources/**/datamapper/**/*.ts')],
      },
      outputChannelName: 'Conduit Language Server',
      errorHandler: restartingErrorHandler(),
    };
    this.client = new LanguageClient('conduit', 'Conduit Language Server', serverOptions, clientOptions);
    await this.client.start();
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.dispose();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
  }
}

/** Errors on the connection in a row before the client gives up on it. */
const MAX_ERRORS = 3;
/** Crashes within RESTART_WINDOW_MS the server is restarted after; one more and the user decides. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

/**
 * Keeps the editor's validation alive through a crash of the server, without restarting a server that
 * crashes as it starts forever: after MAX_RESTARTS crashes in RESTART_WINDOW_MS it stays down and the user
 * is offered the restart.
 */
function restartingErrorHandler(): ErrorHandler {
  const crashes: number[] = [];
  return {
    error: (_error, _message, count) => ({ action: (count ?? 1) <= MAX_ERRORS ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && crashes[0]! < now - RESTART_WINDOW_MS) crashes.shift();
      if (crashes.length <= MAX_RESTARTS) return { action: CloseAction.Restart };
      void vscode.window
        .showErrorMessage(
          `The Conduit language server stopped ${crashes.length} times in a few minutes; validation in the editor is off (see the Conduit Language Server output).`,
          'Restart Language Server',
        )
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('conduit.restartLanguageServer');
        });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}

