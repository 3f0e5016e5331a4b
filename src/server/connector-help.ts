/**
 * Completion and hover for connectors, read from model/catalog/connectors.ts: operations among mediators,
 * their parameters inside an operation, `<prefix.init>` and its parameters inside a local entry, values
 * of enum and boolean parameters, and connections (local entries) for `configKey`.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Hover } from 'vscode-languageserver';
import { CONNECTORS, connectionConnector, connectorOperation, connectorSpec, splitOperation } from '../model/catalog/connectors';
import type { ParameterSpec } from '../model/catalog/parameters';
import type { ProjectIndex } from '../model/validate';
import type { XmlElement } from '../model/xml';
import { toLspRange } from './convert';
import type { OpenElement } from './xml-context';

const doc = (value: string) => ({ kind: MarkupKind.Markdown, value });
const snippetText = (s: string) => s.replace(/[$}\\]/g, '\\$&');

/** The parameters an element takes as children: an operation's, or a connection's for `<prefix.init>`. */
function parametersOf(local: string): readonly ParameterSpec[] | undefined {
  const parts = splitOperation(local);
  if (!parts) return undefined;
  if (parts.operation === 'init') return connectorSpec(parts.connector)?.connection;
  return connectorOperation(local)?.operation.parameters;
}

/** Every operation of every connector, for a mediator list. */
export function operationItems(): CompletionItem[] {
  return CONNECTORS.flatMap((c) =>
    c.operations.map((o) => ({
      label: `${c.name}.${o.name}`,
      kind: CompletionItemKind.Function,
      detail: `${c.displayName} connector`,
      documentation: doc(o.doc),
      insertTextFormat: InsertTextFormat.Snippet,
      insertText: `${c.name}.${o.name} configKey="$1">\n\t<responseVariable>\${2:${c.name}_${o.name}_1}</responseVariable>\n\t<overwriteBody>false</overwriteBody>\n</${c.name}.${o.name}`,
    })),
  );
}

/** Child elements inside an operation or a connection; `<prefix.init>` inside a local entry. */
export function connectorChildItems(parent: OpenElement): CompletionItem[] | undefined {
  if (parent.local === 'localEntry')
    return CONNECTORS.map((c) => ({ label: `${c.name}.init`, kind: CompletionItemKind.Class, detail: `${c.displayName} connection`, documentation: doc(c.doc) }));
  const params = parametersOf(parent.local);
  if (!params) return undefined;
  return params.map((p) => ({
    label: p.name,
    kind: CompletionItemKind.Field,
    detail: p.default !== undefined ? `default ${p.default}` : p.required ? 'required' : undefined,
    documentation: doc(p.doc),
    insertTextFormat: InsertTextFormat.Snippet,
    insertText: `${p.name}>\${1:${snippetText(p.default ?? '')}}</${p.name}`,
  }));
}

/** Values for the text of a parameter element; undefined when the element is not a connector parameter. */
export function parameterValueItems(parents: OpenElement[]): CompletionItem[] | undefined {
  const el = parents[parents.length - 1];
  const owner = parents[parents.length - 2];
  const p = el && owner ? parametersOf(owner.local)?.find((x) => x.name === el.local) : undefined;
  if (!p) return undefined;
  if (p.type === 'enum') return (p.values ?? []).map((v) => ({ label: v, kind: CompletionItemKind.EnumMember }));
  if (p.type === 'boolean') return ['true', 'false'].map((v) => ({ label: v, kind: CompletionItemKind.Value }));
  return p.default !== undefined ? [{ label: p.default, kind: CompletionItemKind.Value, detail: 'default' }] : [];
}

/** Connections for an operation's `configKey`: the local entries holding its connector's `<prefix.init>`. */
export function configKeyItems(element: OpenElement, attribute: string, index: ProjectIndex): CompletionItem[] | undefined {
  if (attribute !== 'configKey' || !connectorOperation(element.local)) return undefined;
  const connector = splitOperation(element.local)!.connector;
  return index
    .names('localEntry')
    .filter((name) => index.named('localEntry', name).some((a) => a.element.children.some((c) => c.kind === 'element' && c.local === `${connector}.init`)))
    .map((name) => ({ label: name, kind: CompletionItemKind.Reference, detail: `${connector} connection` }));
}

/** `configKey` for an operation's attribute names. */
export function operationAttributeItems(element: OpenElement): CompletionItem[] | undefined {
  if (!connectorOperation(element.local)) return undefined;
  if ('configKey' in element.attrs) return [];
  return [{ label: 'configKey', kind: CompletionItemKind.Property, detail: 'required', documentation: doc('The local entry holding the connection this operation uses.'), insertTextFormat: InsertTextFormat.Snippet, insertText: 'configKey="$1"' }];
}

/** Hover on an operation, a connection, or one of their parameters. */
export function connectorHover(element: XmlElement, onName: boolean): Hover | undefined {
  if (!onName) return undefined;
  const known = connectorOperation(element.local);
  if (known)
    return { contents: doc(`**<${element.local}>** — ${known.connector.displayName} connector\n\n${known.operation.doc}`), range: toLspRange(element.nameRange) };
  const connection = connectionConnector(element);
  if (connection) return { contents: doc(`**<${element.local}>** — ${connection.displayName} connection\n\n${connection.doc}`), range: toLspRange(element.nameRange) };
  const params = element.parent && parametersOf(element.parent.local);
  const p = params?.find((x) => x.name === element.local);
  if (!p) return undefined;
  const lines = [`**${p.name}** (${p.type === 'enum' ? (p.values ?? []).join(' | ') : p.type}${p.required ? ', required' : ''})`, '', p.doc];
  if (p.default !== undefined) lines.push('', `Default: \`${p.default === '' ? '""' : p.default}\``);
  return { contents: doc(lines.join('\n')), range: toLspRange(element.nameRange) };
}
