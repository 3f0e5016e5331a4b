/**
 * Completion from the schema and the project: element and attribute names valid where the cursor
 * is, enum values, store and processor classes and their parameters (with defaults), artifact or
 * registry keys where a key is expected, and sequence template parameters.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { keyForRegistryPath } from '../model/registry';
import type { ArtifactKind } from '../model/types';
import { PROCESSOR_CLASS_SPECS, processorClassSpec } from '../model/catalog/message-processors';
import { STORE_CLASS_SPECS, storeClassSpec } from '../model/catalog/message-stores';
import type { ClassSpec } from '../model/catalog/parameters';
import {
  ELEMENTS,
  MEDIATORS,
  ROOTS,
  type ElementSpec,
  type ProjectIndex,
  type RefKind,
} from '../model/validate';
import { configKeyItems, connectorChildItems, operationAttributeItems, operationItems, parameterValueItems } from './connector-help';
import { completeExpression, openExpression } from './expression-completion';
import { callTargetItems, declaredParameterItems, withParamItems } from './template-params';
import { cursorContext, specIdOfPath, type OpenElement } from './xml-context';

const REF_ARTIFACT_KIND: Record<Exclude<RefKind, 'registry'>, ArtifactKind> = {
  endpoint: 'endpoint',
  sequence: 'sequence',
  messageStore: 'messageStore',
  template: 'template',
};

const doc = (value: string) => ({ kind: MarkupKind.Markdown, value });

function classSpecOf(root: OpenElement | undefined): ClassSpec | undefined {
  if (!root) return undefined;
  if (root.local === 'messageStore') return storeClassSpec(root.attrs.class?.trim() || undefined);
  if (root.local === 'messageProcessor') return processorClassSpec(root.attrs.class?.trim());
  return undefined;
}

function keyItems(index: ProjectIndex, ref: RefKind): CompletionItem[] {
  if (ref === 'registry') {
    return [...index.registry.keys()]
      .map((p) => keyForRegistryPath(p))
      .filter((k): k is string => !!k)
      .map((k) => ({ label: k, kind: CompletionItemKind.File }));
  }
  return index.names(REF_ARTIFACT_KIND[ref]).map((n) => ({ label: n, kind: CompletionItemKind.Reference, detail: ref }));
}

function specOf(parents: OpenElement[], element?: OpenElement): ElementSpec | undefined {
  const path = [...parents, ...(element ? [element] : [])].map((e) => e.local);
  const id = specIdOfPath(path);
  return id ? ELEMENTS[id] : undefined;
}

export function complete(text: string, offset: number, index: ProjectIndex): CompletionItem[] {
  const ctx = cursorContext(text, offset);
  const root = ctx.parents[0];
  if (ctx.kind === 'attribute-value' || ctx.kind === 'text') {
    const expr = openExpression(ctx.prefix);
    if (expr !== undefined) return completeExpression(expr, text, offset, ctx.kind === 'attribute-value' ? [...ctx.parents, ctx.element] : ctx.parents, index);
  }
  switch (ctx.kind) {
    case 'tag-name': {
      if (ctx.parents.length === 0) return Object.keys(ROOTS).map((r) => ({ label: r, kind: CompletionItemKind.Class, documentation: doc(ELEMENTS[ROOTS[r]].doc) }));
      const connectorChildren = connectorChildItems(ctx.parents[ctx.parents.length - 1]!);
      if (connectorChildren) return connectorChildren;
      const parent = specOf(ctx.parents);
      if (!parent) return [];
      const items: CompletionItem[] = [];
      for (const [name, id] of Object.entries(parent.children ?? {})) {
        if (id === 'parameter') continue;
        items.push({ label: name, kind: CompletionItemKind.Property, documentation: doc(ELEMENTS[id].doc) });
      }
      if (parent.mediators) {
        for (const [name, id] of Object.entries(MEDIATORS)) items.push({ label: name, kind: CompletionItemKind.Function, detail: 'mediator', documentation: doc(ELEMENTS[id].doc) });
        items.push(...operationItems());
      }
      const cls = ctx.parents.length === 1 ? classSpecOf(root) : undefined;
      if (cls) {
        for (const p of cls.parameters) {
          items.push({
            label: `parameter ${p.name}`,
            filterText: `parameter ${p.name}`,
            kind: CompletionItemKind.Field,
            detail: p.default !== undefined ? `default ${p.default}` : p.required ? 'required' : undefined,
            documentation: doc(p.doc),
            insertTextFormat: InsertTextFormat.Snippet,
            insertText: `parameter name="${p.name}">\${1:${(p.default ?? '').replace(/[$}\\]/g, '\\$&')}}</parameter>`,
          });
        }
      }
      return items;
    }
    case 'attribute-name': {
      const operationAttrs = operationAttributeItems(ctx.element);
      if (operationAttrs) return operationAttrs;
      const spec = specOf(ctx.parents, ctx.element);
      if (!spec) return [];
      return Object.entries(spec.attrs)
        .filter(([name]) => !(name in ctx.element.attrs))
        .map(([name, a]) => ({
          label: name,
          kind: CompletionItemKind.Property,
          detail: a.required ? 'required' : a.default !== undefined ? `default ${a.default}` : undefined,
          documentation: doc(a.doc),
          insertTextFormat: InsertTextFormat.Snippet,
          insertText: `${name}="$1"`,
        }));
    }
    case 'attribute-value': {
      const el = ctx.element;
      const parent = ctx.parents[ctx.parents.length - 1];
      if (el.local === 'call-template' && ctx.attribute === 'target') return callTargetItems(index);
      const connections = configKeyItems(el, ctx.attribute, index);
      if (connections) return connections;
      if (el.local === 'with-param' && ctx.attribute === 'name' && parent?.local === 'call-template') return withParamItems(index, parent.attrs.target, text, offset);
      if (root?.local === 'template' && /\$func:[\w.-]*$/.test(ctx.prefix)) return declaredParameterItems(text);
      if (ctx.parents.length === 0 && ctx.attribute === 'class') {
        const specs = el.local === 'messageStore' ? STORE_CLASS_SPECS : el.local === 'messageProcessor' ? PROCESSOR_CLASS_SPECS : [];
        return specs.map((c) => ({ label: c.className, kind: CompletionItemKind.Class, detail: c.label, documentation: doc(c.doc) }));
      }
      if (el.local === 'parameter' && ctx.attribute === 'name' && ctx.parents.length === 1) {
        const cls = classSpecOf(ctx.parents[0]);
        return (cls?.parameters ?? []).map((p) => ({
          label: p.name,
          kind: CompletionItemKind.Field,
          detail: p.default !== undefined ? `default ${p.default}` : p.required ? 'required' : undefined,
          documentation: doc(p.doc),
        }));
      }
      const spec = specOf(ctx.parents, el);
      const a = spec?.attrs[ctx.attribute];
      if (!a) return [];
      if (a.type === 'enum') return (a.values ?? []).map((v) => ({ label: v, kind: CompletionItemKind.EnumMember }));
      if (a.type === 'boolean') return ['true', 'false'].map((v) => ({ label: v, kind: CompletionItemKind.Value }));
      if (a.type === 'key' && a.ref) return keyItems(index, a.ref);
      return [];
    }
    case 'text': {
      const connectorValues = parameterValueItems(ctx.parents);
      if (connectorValues) return connectorValues;
      const el = ctx.parents[ctx.parents.length - 1];
      if (!el || el.local !== 'parameter' || ctx.parents.length !== 2) return [];
      const p = classSpecOf(root)?.parameters.find((x) => x.name === el.attrs.name);
      if (!p) return [];
      if (p.type === 'enum') return (p.values ?? []).map((v) => ({ label: v, kind: CompletionItemKind.EnumMember }));
      if (p.type === 'boolean') return ['true', 'false'].map((v) => ({ label: v, kind: CompletionItemKind.Value }));
      if (p.type === 'sequence' || p.type === 'endpoint' || p.type === 'messageStore') return keyItems(index, p.type);
      return p.default !== undefined ? [{ label: p.default, kind: CompletionItemKind.Value, detail: 'default' }] : [];
    }
  }
}
