/** Hover documentation for elements, attributes, store/processor and template parameters, and references. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { Artifact } from '../model/types';
import { processorClassSpec } from '../model/catalog/message-processors';
import { storeClassSpec } from '../model/catalog/message-stores';
import { ELEMENTS, REFERENCE_LABELS, type ProjectIndex } from '../model/validate';
import { messageProcessorView, messageStoreView } from '../model/views';
import { attr } from '../model/xml';
import { toLspRange } from './convert';
import { connectorHover } from './connector-help';
import { expressionHover } from './expression-hover';
import { locate, referenceAt } from './locate';
import { parameterHover, parameterUseAt } from './template-params';

export function hover(index: ProjectIndex, artifact: Artifact, pos: Position): Hover | null {
  const ref = referenceAt(index, artifact, pos);
  if (ref) {
    const target = index.resolve(ref);
    const what = REFERENCE_LABELS[ref.kind];
    const where =
      target === undefined ? `not found in the project` : target === true ? 'built into the runtime' : 'kind' in target ? `defined in \`${target.file}\`` : `registry resource \`${target.path}\``;
    return { contents: { kind: MarkupKind.Markdown, value: `**${what}** \`${ref.key}\` — ${where}` }, range: toLspRange(ref.range) };
  }
  const param = parameterUseAt(index, artifact, pos);
  if (param) return parameterHover(param);
  const at = locate(artifact, pos);
  if (!at) return null;
  const { element } = at;
  const inExpression = expressionHover(index, artifact, at, pos);
  if (inExpression) return inExpression;
  if (element.local === 'parameter' && element.parent === artifact.element && (artifact.kind === 'messageStore' || artifact.kind === 'messageProcessor')) {
    const cls =
      artifact.kind === 'messageStore' ? storeClassSpec(messageStoreView(artifact).className) : processorClassSpec(messageProcessorView(artifact).className);
    const p = cls?.parameters.find((x) => x.name === attr(element, 'name'));
    if (p) {
      const lines = [`**${p.name}** (${p.type}${p.required ? ', required' : ''})`, '', p.doc];
      if (p.default !== undefined) lines.push('', `Default: \`${p.default === '' ? '""' : p.default}\``);
      return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toLspRange(element.range) };
    }
  }
  if (at.onName && artifact.element === element && (artifact.kind === 'messageStore' || artifact.kind === 'messageProcessor')) {
    const cls = artifact.kind === 'messageStore' ? storeClassSpec(messageStoreView(artifact).className) : processorClassSpec(messageProcessorView(artifact).className);
    if (cls) return { contents: { kind: MarkupKind.Markdown, value: `**${cls.label}**\n\n${cls.doc}` }, range: toLspRange(element.nameRange) };
  }
  const connector = connectorHover(element, at.onName);
  if (connector) return connector;
  const spec = at.specId ? ELEMENTS[at.specId] : undefined;
  if (!spec) return null;
  if (at.attribute) {
    const a = spec.attrs[at.attribute.name];
    if (!a) return null;
    const lines = [`**${at.attribute.name}** (${a.type === 'enum' ? (a.values ?? []).join(' | ') : a.type}${a.required ? ', required' : ''})`, '', a.doc];
    if (a.default !== undefined) lines.push('', `Default: \`${a.default}\``);
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toLspRange(at.attribute.range) };
  }
  if (at.onName) return { contents: { kind: MarkupKind.Markdown, value: `**<${element.local}>**\n\n${spec.doc}` }, range: toLspRange(element.nameRange) };
  return null;
}
