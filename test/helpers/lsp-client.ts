/**
 * A language client for tests: drives the Conduit language server either in process (over a pair of
 * streams) or as a child process over stdio, and collects the diagnostics it publishes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from '../../src/server/server';
import { PROJECT_LOADED, type ProjectLoadedParams } from '../../src/server/protocol';

export const uriOf = (path: string) => pathToFileURL(path).href;

export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics the server sent, in order. */
  readonly published: Array<{ uri: string; diagnostics: Diagnostic[] }> = [];
  private waiters: Array<{ uri: string; resolve: (d: Diagnostic[]) => void }> = [];
  private readonly loaded: Promise<ProjectLoadedParams>;
  private readonly versions = new Map<string, number>();
  private readonly inProcess: boolean;

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly onClose: () => void,
    readonly child?: ChildProcess,
  ) {
    this.inProcess = !child;
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push({ uri: p.uri, diagnostics: p.diagnostics });
      this.diagnostics.set(p.uri, p.diagnostics);
      const ready = this.waiters.filter((w) => w.uri === p.uri);
      this.waiters = this.waiters.filter((w) => w.uri !== p.uri);
      for (const w of ready) w.resolve(p.diagnostics);
    });
    this.loaded = new Promise((resolve) => connection.onNotification(PROJECT_LOADED, resolve));
    connection.listen();
  }

  /** A server running in this process. */
  static inProcess(): LspClient {
    const up = new PassThrough();
    const down = new PassThrough();
    const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
    startServer(server);
    server.listen();
    const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    return new LspClient(client, () => {
      server.dispose();
      up.destroy();
      down.destroy();
    });
  }

  /** The built server (dist/server.js) in a child process over stdio. */
  static spawn(serverJs: string): LspClient {
    const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const client = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    return new LspClient(client, () => child.kill(), child);
  }

  /**
   * Initializes on a folder and resolves once the project is loaded and diagnostics are published: the
   * server publishes every file's diagnostics before it announces the loaded project. `whileLoading` runs
   * right after the initialized notification, as an editor restoring its open files does.
   */
  async initialize(
    folder: string,
    capabilities: ClientCapabilities = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
    whileLoading?: () => Promise<void>,
  ): Promise<ProjectLoadedParams> {
    await this.connection.sendRequest(InitializeRequest.type, {
      // A process id makes the server poll for that process; in process it would poll the test itself.
      processId: this.inProcess ? null : process.pid,
      rootUri: uriOf(folder),
      workspaceFolders: [{ uri: uriOf(folder), name: 'test' }],
      capabilities,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    await whileLoading?.();
    return this.loaded;
  }

  /** Resolves with the next diagnostics published for the file. */
  nextDiagnostics(path: string): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiters.push({ uri: uriOf(path), resolve }));
  }

  async open(path: string, text: string): Promise<void> {
    this.versions.set(path, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(path), languageId: 'xml', version: 1, text } });
  }

  async change(path: string, text: string): Promise<void> {
    const version = (this.versions.get(path) ?? 1) + 1;
    this.versions.set(path, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(path), version }, contentChanges: [{ text }] });
  }

  diagnosticsOf(path: string): Diagnostic[] {
    return this.diagnostics.get(uriOf(path)) ?? [];
  }

  async close(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    // In process, exit would end the test runner's own process.
    if (!this.inProcess) await this.connection.sendNotification(ExitNotification.type).catch(() => undefined);
    this.connection.dispose();
    this.onClose();
  }
}
