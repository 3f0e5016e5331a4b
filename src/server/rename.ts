/**
 * Renaming an artifact from its name or from any reference to it. The edit covers the definition and
 * every reference the project index resolves to it (the list find-references answers with), and
 * renames the file too when it is named after the artifact, as both project layouts do.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { LSPErrorCodes, ResponseError, type Position, type Range as LspRange, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { checkName } from '../model/builders/fields';
import type { Artifact, ArtifactKind } from '../model/types';
import type { ProjectIndex } from '../model/validate';
import { BUILT_IN_SEQUENCES } from '../model/validate/project-index';
import { LineIndex, type Range } from '../model/xml';
import { pathToUri, toLspRange } from './convert';
import { isArtifact, nameAt, referencesTo, type NameAt } from './locate';

/** What the client can apply, from its workspace.workspaceEdit capabilities. */
export interface RenameSupport {
  documentChanges: boolean;
  /** resourceOperations includes 'rename'. */
  renameFiles: boolean;
}

const LABELS: Record<ArtifactKind, string> = {
  api: 'API',
  endpoint: 'endpoint',
  sequence: 'sequence',
  messageStore: 'message store',
  messageProcessor: 'message processor',
  localEntry: 'local entry',
  proxy: 'proxy service',
  template: 'template',
  inboundEndpoint: 'inbound endpoint',
  task: 'task',
};

/**
 * Synapse keeps sequences, endpoints, templates and local entries in one local registry and refuses a
 * second definition of a key there, whatever its kind; the other kinds each have their own names.
 */
const LOCAL_REGISTRY: ReadonlySet<ArtifactKind> = new Set(['sequence', 'endpoint', 'template', 'localEntry']);

const refuse = (message: string) => new ResponseError(LSPErrorCodes.RequestFailed, message);

/** The artifact the name under the cursor stands for, or why it cannot be renamed. */
function renameTarget(index: ProjectIndex, artifact: Artifact, pos: Position): { at: NameAt; target: Artifact } | ResponseError<void> {
  const at = nameAt(index, artifact, pos);
  if (!at || (!at.ref && artifact.name === '')) {
    return refuse('Place the cursor on the name of an artifact, or on a reference to one, to rename it');
  }
  const { ref, target } = at;
  if (target === true) return refuse(`'${ref!.key}' is a sequence Micro Integrator defines itself; it cannot be renamed`);
  if (target === undefined) return refuse(`There is no artifact named '${ref!.key}' in the project to rename`);
  if (!isArtifact(target)) return refuse(`'${ref!.key}' is a registry resource; rename its file in the registry folder instead`);
  if (target.file.includes('!/')) return refuse(`The ${LABELS[target.kind]} '${target.name}' comes from a .car archive, which is read-only`);
  if (target.kind === 'sequence' && BUILT_IN_SEQUENCES.has(target.name)) {
    return refuse(`Micro Integrator runs the '${target.name}' sequence by that name; renaming it would change what runs`);
  }
  return { at, target };
}

/** textDocument/prepareRename: the range of the name under the cursor, without the quotes. */
export function prepareRename(index: ProjectIndex, artifact: Artifact, pos: Position): LspRange | ResponseError<void> {
  const found = renameTarget(index, artifact, pos);
  if (found instanceof ResponseError) return found;
  return toLspRange(keyRange(artifact.doc.text, found.at.range, found.at.ref?.key ?? artifact.name));
}

/**
 * textDocument/rename. Open documents are edited as the editor holds them (the index reads their
 * unsaved text); `versionOf` gives their version, null for files only on disk.
 */
export function rename(
  index: ProjectIndex,
  artifact: Artifact,
  pos: Position,
  newName: string,
  support: RenameSupport,
  versionOf: (file: string) => number | null,
): WorkspaceEdit | ResponseError<void> {
  const found = renameTarget(index, artifact, pos);
  if (found instanceof ResponseError) return found;
  const { target } = found;
  const label = LABELS[target.kind];
  if (newName === target.name) return support.documentChanges ? { documentChanges: [] } : { changes: {} };
  const invalid = checkName(newName);
  if (invalid) return refuse(`'${newName}' is not a valid ${label} name: ${invalid}`);
  const shared = LOCAL_REGISTRY.has(target.kind);
  if (shared && BUILT_IN_SEQUENCES.has(newName)) {
    return refuse(`'${newName}' is a sequence Micro Integrator defines itself and runs by name; choose another name`);
  }
  const clash = (shared ? [...LOCAL_REGISTRY] : [target.kind]).flatMap((k) => index.named(k, newName))[0];
  if (clash) return refuse(`'${newName}' is already the name of the ${LABELS[clash.kind]} in ${basename(clash.file)}`);

  const byFile = new Map<string, TextEdit[]>();
  const lines = new Map<string, LineIndex>();
  const edit = (a: Artifact, range: Range, key: string) => {
    const text = a.doc.text;
    let li = lines.get(a.file);
    if (!li) lines.set(a.file, (li = new LineIndex(text)));
    const r = keyRange(text, range, key, li);
    const list = byFile.get(a.file) ?? [];
    list.push({ range: toLspRange(r), newText: newName });
    byFile.set(a.file, list);
  };
  edit(target, target.nameRange, target.name);
  for (const { from, ref } of referencesTo(index, target)) edit(from, ref.range, ref.key);

  const ext = extname(target.file);
  const followsName = support.documentChanges && support.renameFiles && basename(target.file, ext) === target.name;
  const renamed = followsName ? join(dirname(target.file), newName + ext) : undefined;
  // A file that differs only in case is the same file on case-insensitive disks.
  if (renamed && renamed.toLowerCase() !== target.file.toLowerCase() && existsSync(renamed)) {
    return refuse(`${basename(renamed)} already exists next to ${basename(target.file)}`);
  }

  if (!support.documentChanges) {
    return { changes: Object.fromEntries([...byFile].map(([file, edits]) => [pathToUri(file), edits])) };
  }
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [...byFile].map(([file, edits]) => ({
    textDocument: { uri: pathToUri(file), version: versionOf(file) },
    edits,
  }));
  // After the text edits, which address the file by its old name.
  if (renamed) documentChanges.push({ kind: 'rename', oldUri: pathToUri(target.file), newUri: pathToUri(renamed) });
  return { documentChanges };
}

/**
 * The key's own text inside a value range: attribute values keep the spaces around a key that the
 * index trims. A value that spells the key with entities or CDATA is replaced whole.
 */
function keyRange(text: string, range: Range, key: string, lines?: LineIndex): Range {
  const raw = text.slice(range.start.offset, range.end.offset);
  if (raw === key) return range;
  const at = raw.indexOf(key);
  if (at < 0) return range;
  const start = range.start.offset + at;
  return (lines ?? new LineIndex(text)).range(start, start + key.length);
}
