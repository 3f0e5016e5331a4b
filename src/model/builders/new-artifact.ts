/**
 * The file for an artifact a reference names but the project lacks, written by the wizards' builders
 * with their first answers, so a created artifact is the one New <kind> would have written. A template
 * declares the parameters its caller passes.
 */
import type { Reference } from '../references';
import type { ArtifactKind } from '../types';
import { attr, elements, type XmlElement } from '../xml';
import { buildEndpoint, NEW_ENDPOINT } from './endpoint';
import type { ExpressionStyle } from './expression-style';
import { buildLocalEntry } from './local-entry';
import { buildMessageStore } from './message-store';
import { buildSequence } from './sequence';
import { artifactText } from './synapse-element';
import { buildTemplate } from './template';

/** The parameter names passed to a template by the element that calls it (`with-param` or `parameter`). */
function passedNames(call: XmlElement, child: string, implicit: readonly string[]): string {
  const names = elements(call, child).map((p) => attr(p, 'name')?.trim() ?? '');
  return [...new Set(names.filter((n) => n !== '' && !implicit.includes(n)))].join(', ');
}

function build(ref: Pick<Reference, 'kind' | 'key' | 'element'>, style: ExpressionStyle): XmlElement | undefined {
  const name = ref.key;
  switch (ref.kind) {
    case 'sequence':
      return buildSequence({ name, expressionStyle: style });
    case 'endpoint':
      return buildEndpoint({ name, ...NEW_ENDPOINT });
    case 'messageStore':
      return buildMessageStore({ name, type: 'in-memory' });
    case 'localEntry':
      return buildLocalEntry({ key: name, type: 'text' });
    case 'template':
      // `<endpoint template="T">` wants an endpoint template, whose `$uri` and `$name` are always there.
      if (ref.element.local === 'endpoint') return buildTemplate({ name, type: 'http-endpoint', values: { parameters: passedNames(ref.element, 'parameter', ['uri', 'name']) } });
      return buildTemplate({ name, type: 'sequence', values: { parameters: passedNames(ref.element, 'with-param', []) }, expressionStyle: style });
    default:
      return undefined;
  }
}

/**
 * The kind and file text of the artifact `ref` names, or undefined when the kind is not one to create
 * (a proxy, a registry resource) or the builders refuse the name or a passed parameter's name.
 */
export function artifactFor(ref: Pick<Reference, 'kind' | 'key' | 'element'>, style: ExpressionStyle): { kind: ArtifactKind; text: string } | undefined {
  try {
    const root = build(ref, style);
    return root && { kind: ref.kind as ArtifactKind, text: artifactText(root) };
  } catch {
    return undefined;
  }
}
