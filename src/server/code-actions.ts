/**
 * Quick fixes: create the artifact a reference names (a new file in the right folder, written by the
 * wizards' builders), add missing required store/processor parameters, and put the artifact in the
 * Synapse namespace.
 */
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { ExpressionStyle } from '../model/builders/expression-style';
import { artifactFor } from '../model/builders/new-artifact';
import { kindInfo } from '../model/kinds';
import type { Artifact, ArtifactKind } from '../model/types';
import { processorClassSpec } from '../model/catalog/message-processors';
import { storeClassSpec } from '../model/catalog/message-stores';
import type { ProjectIndex } from '../model/validate';
import { messageProcessorView, messageStoreView } from '../model/views';
import { attrNode, escapeText, LineIndex, SYNAPSE_NS } from '../model/xml';
import { pathToUri } from './convert';
import { referenceAt } from './locate';

const LABELS: Partial<Record<ArtifactKind, string>> = {
  sequence: 'sequence',
  endpoint: 'endpoint',
  messageStore: 'message store',
  template: 'template',
  localEntry: 'local entry',
};

/** Where a new artifact of `kind` goes, next to the artifact folder `from` lives in. */
export function newArtifactPath(from: string, kind: ArtifactKind, name: string): string | undefined {
  if (!/^[\w.-]+$/.test(name)) return undefined;
  const info = kindInfo(kind);
  for (const [marker, folder] of [
    [`${sep}src${sep}main${sep}wso2mi${sep}artifacts${sep}`, info.miFolder],
    [`${sep}src${sep}main${sep}synapse-config${sep}`, info.isFolder],
  ] as const) {
    const at = from.lastIndexOf(marker);
    if (at >= 0) return `${from.slice(0, at + marker.length)}${folder}${sep}${name}.xml`;
  }
  return undefined;
}

/** What the quick fixes may do for this client and project. */
export interface CodeActionOptions {
  /** The client applies a CreateFile in a workspace edit; without it no artifact is offered for creation. */
  createFiles: boolean;
  /** The style a created sequence or template writes its log in, as the wizards would for this project. */
  expressionStyle: ExpressionStyle;
}

export function codeActions(
  index: ProjectIndex,
  artifact: Artifact | undefined,
  file: string,
  text: string,
  diagnostics: Diagnostic[],
  options: CodeActionOptions,
): CodeAction[] {
  const out: CodeAction[] = [];
  const uri = pathToUri(file);
  const lines = new LineIndex(text);
  const pos = (offset: number) => {
    const p = lines.position(offset);
    return { line: p.line, character: p.column };
  };
  for (const d of diagnostics) {
    if (d.code === 'CONDUIT_REFERENCE_UNRESOLVED' && artifact && options.createFiles) {
      const ref = referenceAt(index, artifact, d.range.start);
      // One that resolves names an artifact of the wrong kind (an endpoint template called as a sequence template).
      if (!ref || index.resolve(ref) !== undefined) continue;
      const created = artifactFor(ref, options.expressionStyle);
      const target = created && newArtifactPath(file, created.kind, ref.key);
      if (!created || !target || existsSync(target)) continue;
      const newUri = pathToUri(target);
      out.push({
        title: `Create ${LABELS[created.kind]} '${ref.key}'`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: {
          documentChanges: [
            { kind: 'create', uri: newUri, options: { overwrite: false, ignoreIfExists: false } },
            { textDocument: { uri: newUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: created.text }] },
          ],
        },
      });
    } else if (d.code === 'CONDUIT_PARAMETER_MISSING' && artifact && (artifact.kind === 'messageStore' || artifact.kind === 'messageProcessor')) {
      const view = artifact.kind === 'messageStore' ? messageStoreView(artifact) : messageProcessorView(artifact);
      const spec = artifact.kind === 'messageStore' ? storeClassSpec(view.className) : processorClassSpec(view.className);
      const missing = (spec?.parameters ?? []).filter((p) => p.required && !view.parameters.some((q) => q.name === p.name && q.value.trim() !== ''));
      if (missing.length === 0) continue;
      const root = artifact.element;
      const params = missing.map((p) => `    <parameter name="${p.name}">${escapeText(p.default ?? '')}</parameter>\n`).join('');
      let edit: TextEdit;
      if (root.selfClosing) {
        const end = root.range.end.offset;
        edit = { range: { start: pos(end - 2), end: pos(end) }, newText: `>\n${params}</${root.name}>` };
      } else {
        const close = text.lastIndexOf('</', root.range.end.offset);
        const lineStart = text.lastIndexOf('\n', close) + 1;
        // On its own line, the closing tag keeps its indentation and the parameters go above it.
        const ownLine = /^\s*$/.test(text.slice(lineStart, close));
        const at = ownLine ? lineStart : close;
        edit = { range: { start: pos(at), end: pos(at) }, newText: ownLine ? params : `\n${params}` };
      }
      out.push({
        title: `Add required parameter${missing.length > 1 ? 's' : ''} ${missing.map((p) => `'${p.name}'`).join(', ')}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [uri]: [edit] } },
      });
    } else if (d.code === 'CONDUIT_XML_NAMESPACE' && artifact) {
      const root = artifact.element;
      const existing = attrNode(root, 'xmlns');
      const edit: TextEdit = existing
        ? { range: { start: pos(existing.valueRange.start.offset), end: pos(existing.valueRange.end.offset) }, newText: SYNAPSE_NS }
        : { range: { start: pos(root.nameRange.end.offset), end: pos(root.nameRange.end.offset) }, newText: ` xmlns="${SYNAPSE_NS}"` };
      out.push({ title: 'Set the Synapse namespace', kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes: { [uri]: [edit] } } });
    }
  }
  return out;
}
