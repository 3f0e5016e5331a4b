/**
 * Starts the Conduit language server (dist/server.js) for the XML files of the project. The client has
 * its own disposal scope: `restart()` stops and disposes it, then starts a fresh one.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
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
      ],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.xml') },
      outputChannelName: 'Conduit Language Server',
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
