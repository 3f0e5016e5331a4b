/** Go to definition (artifact keys, template parameters), find references and document symbols for artifact keys. */
import { SymbolKind, type DocumentSymbol, type Location, type Position } from 'vscode-languageserver';
import type { Artifact } from '../model/types';
import type { ProjectIndex } from '../model/validate';
import { attr, elements } from '../model/xml';
import { pathToUri, toLspRange } from './convert';
import { isArtifact, nameAt, referenceAt, referencesTo } from './locate';
import { parameterDefinition, parameterUseAt } from './template-params';

export function definition(index: ProjectIndex, artifact: Artifact, pos: Position): Location | null {
  const param = parameterUseAt(index, artifact, pos);
  if (param) return parameterDefinition(param);
  const ref = referenceAt(index, artifact, pos);
  if (!ref) return null;
  const target = index.resolve(ref);
  if (target === undefined || target === true) return null;
  if ('kind' in target) return { uri: pathToUri(target.file), range: toLspRange(target.nameRange) };
  if (target.file.includes('!/')) return null;
  return { uri: pathToUri(target.file), range: toLspRange(undefined) };
}

/** Every reference to the artifact named under the cursor (its name, or a reference to it). */
export function findReferences(index: ProjectIndex, artifact: Artifact, pos: Position, includeDeclaration: boolean): Location[] {
  const target = nameAt(index, artifact, pos)?.target;
  if (!isArtifact(target)) return [];
  const out: Location[] = [];
  if (includeDeclaration) out.push({ uri: pathToUri(target.file), range: toLspRange(target.nameRange) });
  for (const { from, ref } of referencesTo(index, target)) out.push({ uri: pathToUri(from.file), range: toLspRange(ref.range) });
  return out;
}

const SYMBOL_KIND: Record<Artifact['kind'], SymbolKind> = {
  api: SymbolKind.Interface,
  endpoint: SymbolKind.Constant,
  sequence: SymbolKind.Function,
  messageStore: SymbolKind.Struct,
  messageProcessor: SymbolKind.Event,
  localEntry: SymbolKind.Variable,
  proxy: SymbolKind.Interface,
  template: SymbolKind.Function,
  inboundEndpoint: SymbolKind.Event,
  task: SymbolKind.Event,
};

export function documentSymbols(artifact: Artifact): DocumentSymbol[] {
  const root = artifact.element;
  const children: DocumentSymbol[] = [];
  for (const c of elements(root)) {
    if (c.local === 'resource') {
      const name = `${attr(c, 'methods') ?? '*'} ${attr(c, 'uri-template') ?? attr(c, 'url-mapping') ?? '/'}`;
      children.push({ name, kind: SymbolKind.Method, range: toLspRange(c.range), selectionRange: toLspRange(c.nameRange) });
    } else if (c.local === 'parameter') {
      children.push({ name: attr(c, 'name') ?? 'parameter', kind: SymbolKind.Property, range: toLspRange(c.range), selectionRange: toLspRange(c.nameRange) });
    }
  }
  return [
    {
      name: artifact.name || `<${root.local}>`,
      detail: root.local,
      kind: SYMBOL_KIND[artifact.kind],
      range: toLspRange(root.range),
      selectionRange: toLspRange(artifact.nameRange),
      children,
    },
  ];
}
