/**
 * Completion inside MI 4.4 `${...}` expressions, in attribute values and in template text: the
 * top-level names and functions, the variables set earlier in the flow after `vars.`, the
 * resource's URI template variables after `params.pathParams.`, and in a sequence template its
 * parameters after `params.functionParams.`.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { SYNAPSE_FUNCTIONS } from '../model/synapse-expression';
import type { ProjectIndex } from '../model/validate';
import { sequencesOf, variablesBefore } from '../model/validate/flow-variables';
import { parseXml, type XmlElement } from '../model/xml';
import { declaredParameterItems } from './template-params';
import type { OpenElement } from './xml-context';

/**
 * The expression text from just after an unclosed `${` to the cursor, when the text before the
 * cursor (an attribute value or element text) ends inside one; else undefined.
 */
export function openExpression(before: string): string | undefined {
  const at = before.lastIndexOf('${');
  if (at < 0) return undefined;
  const inner = before.slice(at + 2);
  // A template expression ends at its first `}` and does not span lines.
  return inner.includes('}') || inner.includes('\n') ? undefined : inner;
}

const TOP_LEVEL: Array<[string, string]> = [
  ['payload', 'The JSON body (XML bodies are read as JSON); follow with a JSONPath such as `payload.items[0]`.'],
  ['vars.', 'A variable set earlier by `<variable>`.'],
  ['headers.', 'A transport header of the message.'],
  ['params.queryParams.', 'A query parameter of the request.'],
  ['params.pathParams.', "A variable of the resource's URI template."],
  ['props.synapse.', 'A property in the Synapse (default) scope.'],
  ['configs.', 'A configurable value injected at deployment.'],
];

/**
 * Items for the cursor at the end of `expr` (the text of an open `${...}` before the cursor), in the
 * document `text` with the cursor at `offset`; `parents` are the elements enclosing the cursor.
 */
export function completeExpression(expr: string, text: string, offset: number, parents: OpenElement[], index: ProjectIndex): CompletionItem[] {
  if (/(?:^|[^\w.])vars\.[\w-]*$/.test(expr)) {
    return variablesAt(text, offset, index).map((name) => ({ label: name, kind: CompletionItemKind.Variable, detail: 'variable' }));
  }
  if (/(?:^|[^\w.])params\.pathParams\.[\w-]*$/.test(expr)) {
    const template = parents.find((p) => p.local === 'resource')?.attrs['uri-template'] ?? '';
    return templateVariables(template).map((name) => ({ label: name, kind: CompletionItemKind.Variable, detail: `uri-template ${template}` }));
  }
  if (/(?:^|[^\w.])params\.functionParams\.[\w-]*$/.test(expr)) return parents[0]?.local === 'template' ? declaredParameterItems(text) : [];
  if (/(?:^|[^\w.])params\.[\w-]*$/.test(expr)) {
    return ['queryParams.', 'pathParams.', 'functionParams.'].map((label) => ({ label, kind: CompletionItemKind.Module }));
  }
  if (/(?:^|[^\w.])props\.[\w-]*$/.test(expr)) return ['synapse.', 'axis2.'].map((label) => ({ label, kind: CompletionItemKind.Module }));
  // After any other dot the names come from the message (payload keys, headers), which cannot be known.
  if (/\.[\w-]*$/.test(expr)) return [];
  const items: CompletionItem[] = TOP_LEVEL.map(([label, doc]) => ({
    label,
    kind: CompletionItemKind.Keyword,
    documentation: { kind: MarkupKind.Markdown, value: doc },
  }));
  for (const f of SYNAPSE_FUNCTIONS) {
    items.push({
      label: f.name,
      kind: CompletionItemKind.Function,
      detail: f.signature,
      documentation: { kind: MarkupKind.Markdown, value: f.doc },
      insertTextFormat: InsertTextFormat.Snippet,
      insertText: `${f.name}($1)`,
    });
  }
  return items;
}

/** The variable names of a resource URI template: `/{id}/items/{item}` gives id and item. */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(/\{([^}]*)\}/g)) {
    for (const spec of m[1].replace(/^[+#./;?&]/, '').split(',')) {
      const name = spec.replace(/(\*|:\d+)$/, '').trim();
      if (name && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

/**
 * Variables set before the cursor. When the document parses, by the flow (earlier siblings and
 * enclosing lists, and the named sequences they call); while it is being typed and does not, every
 * `<variable name>` before the cursor.
 */
function variablesAt(text: string, offset: number, index: ProjectIndex): string[] {
  const doc = parseXml(text);
  if (doc.root && doc.errors.length === 0) {
    const el = innermost(doc.root, offset);
    if (el) return [...variablesBefore(el, sequencesOf(index)).defined.keys()];
  }
  const names: string[] = [];
  for (const m of text.slice(0, offset).matchAll(/<(?:[\w.-]+:)?variable\b[^>]*?\bname\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = (m[1] ?? m[2]).trim();
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

function innermost(root: XmlElement, offset: number): XmlElement | undefined {
  const contains = (el: XmlElement) => offset >= el.range.start.offset && offset <= el.range.end.offset;
  if (!contains(root)) return undefined;
  let found = root;
  for (let descended = true; descended; ) {
    descended = false;
    for (const c of found.children) {
      if (c.kind === 'element' && contains(c)) {
        found = c;
        descended = true;
        break;
      }
    }
  }
  return found;
}
