/**
 * Editor help for sequence template parameters: completion of a call's `<call-template target>` and
 * `<with-param name>`, and inside a template of `$func:` and `params.functionParams.` names; hover
 * and go to definition on a with-param name or a parameter read, answered from the template's
 * `<parameter>` declaration.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type Hover, type Location, type Position } from 'vscode-languageserver';
import type { Artifact } from '../model/types';
import type { ProjectIndex } from '../model/validate';
import { parameterReadsInAttribute } from '../model/validate/expression-rules';
import { sequenceTemplateParameters, type DeclaredParameter } from '../model/validate/template-rules';
import { attr, LineIndex, parseXml, type Range } from '../model/xml';
import { contains, pathToUri, toLspRange } from './convert';
import { locate } from './locate';
import { attrsOf } from './xml-context';

type ParameterSummary = Pick<DeclaredParameter, 'name' | 'mandatory' | 'defaultValue'>;

const START_TAG = (local: string) => new RegExp(`<(?:[\\w.-]+:)?${local}\\b((?:[^>"']|"[^"]*"|'[^']*')*)>`, 'g');

function detailOf(p: ParameterSummary): string {
  if (p.mandatory) return 'mandatory';
  return p.defaultValue !== undefined ? `default ${p.defaultValue}` : 'optional';
}

function items(params: ParameterSummary[]): CompletionItem[] {
  return params.map((p) => ({ label: p.name, kind: CompletionItemKind.Variable, detail: detailOf(p) }));
}

/** The project's sequence templates, for `<call-template target>`, each with its parameters shown. */
export function callTargetItems(index: ProjectIndex): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const name of index.names('template')) {
    const params = sequenceTemplateParameters(index.named('template', name)[0].element);
    if (params) out.push({ label: name, kind: CompletionItemKind.Reference, detail: `template(${params.map((p) => (p.mandatory ? `${p.name}*` : p.name)).join(', ')})` });
  }
  return out;
}

/**
 * The parameters of template `target` that the `<call-template>` around `offset` does not pass yet.
 * The call is read from the text, which is being typed: every `<with-param name>` between its start
 * tag and its end tag (or the end of the text) counts, except the one the cursor is in.
 */
export function withParamItems(index: ProjectIndex, target: string | undefined, text: string, offset: number): CompletionItem[] {
  const template = target && index.named('template', target.trim())[0];
  const params = template ? sequenceTemplateParameters(template.element) : undefined;
  if (!params) return [];
  const start = text.lastIndexOf('call-template', offset);
  const close = /<\/(?:[\w.-]+:)?call-template\s*>/.exec(text.slice(offset));
  const end = close ? offset + close.index : text.length;
  const passed = new Set<string>();
  for (const m of text.slice(start, end).matchAll(START_TAG('with-param'))) {
    const at = start + m.index;
    if (offset > at && offset < at + m[0].length) continue;
    const name = attrsOf(m[1]).name;
    if (name) passed.add(name.trim());
  }
  return items(params.filter((p) => !passed.has(p.name)));
}

/**
 * The parameters of the template whose text is `text`, for `$func:` and `params.functionParams.`.
 * From the parsed document when it parses; while it is being typed, from the `<parameter>` tags
 * before its `<sequence>`.
 */
export function declaredParameterItems(text: string): CompletionItem[] {
  const doc = parseXml(text);
  if (doc.root && doc.errors.length === 0) return items(sequenceTemplateParameters(doc.root) ?? []);
  const body = text.search(/<(?:[\w.-]+:)?sequence\b/);
  const params: ParameterSummary[] = [];
  for (const m of text.slice(0, body < 0 ? text.length : body).matchAll(START_TAG('parameter'))) {
    const a = attrsOf(m[1]);
    if (a.name) params.push({ name: a.name, mandatory: a.isMandatory?.toLowerCase() === 'true', defaultValue: a.defaultValue });
  }
  return items(params);
}

/** A template parameter named under the cursor, and the template and declaration it names. */
export interface ParameterUse {
  name: string;
  range: Range;
  /** The template named by the call, or the template being edited; undefined when not found. */
  template?: Artifact;
  /** The template's `<parameter>` of that name, when it declares one. */
  declaration?: DeclaredParameter;
  /** The name the use gives the template (a call's `target`), for when it is not found. */
  templateName: string;
}

/** A `<with-param name>` under the cursor, or a `$func:x` or `params.functionParams.x` in an attribute of a template. */
export function parameterUseAt(index: ProjectIndex, artifact: Artifact, pos: Position): ParameterUse | undefined {
  const at = locate(artifact, pos);
  const a = at?.attribute;
  if (!at || !a || !contains(a.valueRange, pos)) return undefined;
  const call = at.element.parent;
  if (at.element.local === 'with-param' && a.local === 'name' && call?.local === 'call-template') {
    const templateName = attr(call, 'target')?.trim() ?? '';
    return use(a.value.trim(), a.valueRange, templateName, index.named('template', templateName)[0]);
  }
  // Offsets into the value are offsets into the source only where no entity reference was decoded.
  if (artifact.kind !== 'template' || a.valueRange.end.offset - a.valueRange.start.offset !== a.value.length) return undefined;
  // The cursor maps to an offset by its column only within one line; values spanning lines are left out.
  if (a.valueRange.start.line !== a.valueRange.end.line) return undefined;
  const base = a.valueRange.start.offset;
  const offset = base + pos.character - a.valueRange.start.column;
  const read = parameterReadsInAttribute(a.value).find((r) => offset >= base + r.start && offset <= base + r.end);
  return read && use(read.name, new LineIndex(artifact.doc.text).range(base + read.start, base + read.end), artifact.name, artifact);
}

function use(name: string, range: Range, templateName: string, template: Artifact | undefined): ParameterUse {
  const declaration = template && sequenceTemplateParameters(template.element)?.find((p) => p.name === name);
  return { name, range, template, declaration, templateName };
}

/** The Markdown describing parameter `name` of a template, from its declaration if it has one. */
export function parameterMarkdown(name: string, templateName: string, template: Artifact | undefined, declaration: DeclaredParameter | undefined): string {
  const head = `**template parameter** \`${name}\``;
  if (!template) return `${head} — template \`${templateName}\` not found in the project`;
  if (!declaration) return `${head} — template \`${templateName}\` declares no such parameter`;
  const line = `line ${declaration.nameRange.start.line + 1} of \`${template.file}\``;
  return `${head} of template \`${templateName}\` — ${detailOf(declaration)}\n\nDeclared at ${line}`;
}

export function parameterHover(u: ParameterUse): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: parameterMarkdown(u.name, u.templateName, u.template, u.declaration) }, range: toLspRange(u.range) };
}

export function parameterDefinition(u: ParameterUse): Location | null {
  return u.template && u.declaration ? { uri: pathToUri(u.template.file), range: toLspRange(u.declaration.nameRange) } : null;
}
