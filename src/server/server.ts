/**
 * The Conduit language server. It takes its connection as a parameter, so tests drive it in process
 * over a pair of streams and main.ts runs it over stdio. One server serves one workspace: it loads the
 * project on initialize and keeps every artifact file's problems current as files change.
 */
import { readFile } from 'node:fs/promises';
import {
  CodeActionKind,
  FileChangeType,
  ResourceOperationKind,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { expressionStyleFor } from '../model/builders/expression-style';
import { codeActions } from './code-actions';
import { complete } from './completion';
import { pathToUri, toDiagnostic, uriToPath } from './convert';
import { hover } from './hover';
import { definition, documentSymbols, findReferences } from './navigation';
import { PROJECT_LOADED } from './protocol';
import { prepareRename, rename, type RenameSupport } from './rename';
import { isArtifactPath, Workspace } from './workspace';

export function startServer(connection: Connection): Workspace {
  const workspace = new Workspace();
  const documents = new TextDocuments(TextDocument);
  let folder: string | undefined;
  let renameSupport: RenameSupport = { documentChanges: false, renameFiles: false };
  let createFiles = false;

  const publish = (files: Iterable<string>) => {
    for (const file of files) {
      void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: workspace.problems(file).map(toDiagnostic) });
    }
  };

  connection.onInitialize((params): InitializeResult => {
    const uri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    folder = uri ? uriToPath(uri) : (params.rootPath ?? undefined);
    const edits = params.capabilities.workspace?.workspaceEdit;
    renameSupport = { documentChanges: edits?.documentChanges === true, renameFiles: edits?.resourceOperations?.includes(ResourceOperationKind.Rename) === true };
    createFiles = edits?.documentChanges === true && edits.resourceOperations?.includes(ResourceOperationKind.Create) === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['<', ' ', '"', "'"] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'conduit-language-server' },
    };
  });

  connection.onInitialized(async () => {
    await workspace.load(folder);
    // Editors may have sent text before the project finished loading; theirs wins over the disk.
    for (const doc of documents.all()) {
      const file = uriToPath(doc.uri);
      if (file && (isArtifactPath(file) || workspace.files.has(file) || workspace.isDataMapperFile(file))) workspace.update(file, doc.getText());
    }
    publish([...workspace.files.keys(), ...workspace.dataMapperFiles()]);
    // After the diagnostics, on the same ordered stream: whoever hears of the loaded project has every file's full set.
    void connection.sendNotification(PROJECT_LOADED, { root: workspace.project?.root, artifacts: workspace.index.size });
  });

  const onText = (uri: string, text: string | undefined) => {
    const file = uriToPath(uri);
    if (!file || !(isArtifactPath(file) || workspace.files.has(file) || workspace.isDataMapperFile(file))) return;
    publish(workspace.update(file, text));
  };

  documents.onDidChangeContent((e) => onText(e.document.uri, e.document.getText()));
  documents.onDidClose(async (e) => {
    // An editor closed without saving: the file on disk is the truth again.
    const file = uriToPath(e.document.uri);
    if (!file) return;
    onText(e.document.uri, await readFile(file, 'utf8').catch(() => undefined));
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    for (const c of changes) {
      if (documents.get(c.uri)) continue;
      const file = uriToPath(c.uri);
      if (!file) continue;
      onText(c.uri, c.type === FileChangeType.Deleted ? undefined : await readFile(file, 'utf8').catch(() => undefined));
    }
  });

  const withArtifact = <T>(uri: string, fallback: T, f: (file: string, artifact: NonNullable<ReturnType<Workspace['artifact']>>) => T): T => {
    const file = uriToPath(uri);
    const artifact = file ? workspace.artifact(file) : undefined;
    return file && artifact ? f(file, artifact) : fallback;
  };

  connection.onCompletion((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    return complete(doc.getText(), doc.offsetAt(p.position), workspace.index);
  });
  connection.onHover((p) => withArtifact(p.textDocument.uri, null, (_, a) => hover(workspace.index, a, p.position)));
  connection.onDefinition((p) => withArtifact(p.textDocument.uri, null, (_, a) => definition(workspace.index, a, p.position)));
  connection.onReferences((p) => withArtifact(p.textDocument.uri, [], (_, a) => findReferences(workspace.index, a, p.position, p.context.includeDeclaration)));
  connection.onPrepareRename((p) => withArtifact(p.textDocument.uri, null, (_, a) => prepareRename(workspace.index, a, p.position)));
  connection.onRenameRequest((p) =>
    withArtifact(p.textDocument.uri, null, (_, a) =>
      // Open documents are matched by path: the client's URI spelling may differ from ours.
      rename(workspace.index, a, p.position, p.newName, renameSupport, (file) => documents.all().find((d) => uriToPath(d.uri) === file)?.version ?? null),
    ),
  );
  connection.onDocumentSymbol((p) => withArtifact(p.textDocument.uri, [], (_, a) => documentSymbols(a)));
  connection.onCodeAction((p) => {
    const file = uriToPath(p.textDocument.uri);
    if (!file) return [];
    const text = documents.get(p.textDocument.uri)?.getText() ?? workspace.files.get(file)?.text;
    if (text === undefined) return [];
    return codeActions(workspace.index, workspace.artifact(file), file, text, p.context.diagnostics, {
      createFiles,
      expressionStyle: expressionStyleFor(workspace.project?.runtimeVersion),
    });
  });

  documents.listen(connection);
  return workspace;
}
