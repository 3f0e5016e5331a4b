/**
 * Every place an artifact names another artifact or a registry resource, with the exact range of the
 * name. Go-to-definition, find-references, rename, the validator's unresolved-reference check and the
 * runtime's deploy ordering all read this one list.
 */
import { connectorOperation } from './catalog/connectors';
import type { Artifact } from './types';
import { messageProcessorView, messageStoreView, type Parameter } from './views';
import { attrNode, type Range, type XmlElement, walkElements } from './xml';

export type ReferenceKind = 'endpoint' | 'sequence' | 'messageStore' | 'registry' | 'localEntry' | 'template' | 'proxy';

export interface Reference {
  kind: ReferenceKind;
  /** The name or registry key as written (trimmed). */
  key: string;
  /** Range of the attribute value or parameter text holding the key. */
  range: Range;
  /** The element that holds the reference. */
  element: XmlElement;
  /** The attribute holding the key, when it is an attribute. */
  attribute?: string;
  /** The parameter holding the key, when it is a `<parameter>`. */
  parameter?: string;
}

const REGISTRY_PREFIX = /^(gov:|conf:|resources:|\/_system\/)/;

/** A static key's target: a registry resource when it has a registry prefix, else a local entry. */
export function keyKind(key: string): 'registry' | 'localEntry' {
  return REGISTRY_PREFIX.test(key) ? 'registry' : 'localEntry';
}

/** Keys computed at run time (`{xpath}` or `${...}`) cannot be resolved statically. */
function isDynamic(key: string): boolean {
  return key.startsWith('{') || key.startsWith('${');
}

/** Processor parameters that name a sequence. */
const PROCESSOR_SEQUENCE_PARAMS = new Set([
  'sequence',
  'message.processor.reply.sequence',
  'message.processor.fault.sequence',
  'message.processor.deactivate.sequence',
]);
const PROCESSOR_STORE_PARAMS = new Set(['message.processor.failMessagesStore', 'message.target.store.name']);
const PROCESSOR_ENDPOINT_PARAMS = new Set(['target.endpoint']);
const STORE_STORE_PARAMS = new Set(['store.failover.message.store.name']);

const DATAMAPPER_KEYS = ['config', 'inputSchema', 'outputSchema', 'xsltStyleSheet'];
const SEQUENCE_SLOTS = ['inSequence', 'outSequence', 'faultSequence'];
/** Elements whose `key` attribute names a local entry or registry resource. */
const RESOURCE_KEY_ELEMENTS = new Set(['xslt', 'xquery', 'script', 'schema', 'format', 'publishWSDL', 'policy', 'feature']);

/** All references in an artifact, in document order. */
export function references(artifact: Artifact): Reference[] {
  const out: Reference[] = [];
  const root = artifact.element;

  const fromAttr = (el: XmlElement, name: string, kind: ReferenceKind | ((key: string) => ReferenceKind)) => {
    const a = attrNode(el, name);
    if (!a) return;
    const key = a.value.trim();
    if (key === '' || isDynamic(key)) return;
    out.push({ kind: typeof kind === 'function' ? kind(key) : kind, key, range: a.valueRange, element: el, attribute: name });
  };
  const fromParams = (params: Parameter[], names: Set<string>, kind: ReferenceKind) => {
    for (const p of params) {
      if (!names.has(p.name)) continue;
      const key = p.value.trim();
      if (key === '' || isDynamic(key)) continue;
      out.push({ kind, key, range: p.valueRange, element: p.element, parameter: p.name });
    }
  };

  if (artifact.kind === 'messageProcessor') {
    const v = messageProcessorView(artifact);
    fromAttr(root, 'messageStore', 'messageStore');
    fromAttr(root, 'targetEndpoint', 'endpoint');
    fromParams(v.parameters, PROCESSOR_SEQUENCE_PARAMS, 'sequence');
    fromParams(v.parameters, PROCESSOR_STORE_PARAMS, 'messageStore');
    fromParams(v.parameters, PROCESSOR_ENDPOINT_PARAMS, 'endpoint');
    for (const p of v.parameters) {
      // The failover forwarder's per-member sequences: message.processor.<n>.sequence
      if (/^message\.processor\.[^.]+\.sequence$/.test(p.name) && !PROCESSOR_SEQUENCE_PARAMS.has(p.name)) {
        fromParams([p], new Set([p.name]), 'sequence');
      }
    }
    return out;
  }
  if (artifact.kind === 'messageStore') {
    fromParams(messageStoreView(artifact).parameters, STORE_STORE_PARAMS, 'messageStore');
    return out;
  }
  if (artifact.kind === 'inboundEndpoint') {
    fromAttr(root, 'sequence', 'sequence');
    fromAttr(root, 'onError', 'sequence');
    return out;
  }

  /** Records the references `el` itself makes; false when its content is data, not configuration. */
  const visit = (el: XmlElement, isRoot: boolean): boolean => {
    switch (el.local) {
      case 'endpoint':
        fromAttr(el, 'key', 'endpoint');
        fromAttr(el, 'template', 'template');
        fromAttr(el, 'onFault', 'sequence');
        break;
      case 'sequence':
        if (!isRoot) fromAttr(el, 'key', 'sequence');
        fromAttr(el, 'onError', 'sequence');
        break;
      case 'template':
        fromAttr(el, 'onError', 'sequence');
        break;
      case 'send':
        fromAttr(el, 'receive', 'sequence');
        break;
      case 'then':
      case 'else':
        // A filter branch may name a sequence to run instead of inline mediators.
        if (el.parent?.local === 'filter') fromAttr(el, 'sequence', 'sequence');
        break;
      case 'resource':
        for (const s of SEQUENCE_SLOTS) fromAttr(el, s, 'sequence');
        break;
      case 'target':
        for (const s of SEQUENCE_SLOTS) fromAttr(el, s, 'sequence');
        fromAttr(el, 'sequence', 'sequence');
        fromAttr(el, 'endpoint', 'endpoint');
        break;
      case 'store':
        fromAttr(el, 'messageStore', 'messageStore');
        fromAttr(el, 'sequence', 'sequence');
        break;
      case 'datamapper':
        for (const a of DATAMAPPER_KEYS) fromAttr(el, a, keyKind);
        break;
      case 'call-template':
        fromAttr(el, 'target', 'template');
        fromAttr(el, 'onError', 'sequence');
        break;
      case 'enqueue':
        fromAttr(el, 'sequence', 'sequence');
        break;
      case 'property':
        if (artifact.kind === 'task') {
          // A task injecting into a sequence or a proxy: <property name="sequenceName" value="Seq"/>
          const name = attrNode(el, 'name')?.value;
          if (name === 'sequenceName') fromAttr(el, 'value', 'sequence');
          if (name === 'proxyName') fromAttr(el, 'value', 'proxy');
          if (name === 'registryKey') fromAttr(el, 'value', keyKind);
          // the message property's payload is data: an <endpoint key> in it names nothing
          return false;
        }
        break;
      default:
        if (RESOURCE_KEY_ELEMENTS.has(el.local)) fromAttr(el, 'key', keyKind);
        // The connection of an operation of a connector Conduit knows: the local entry holding its <prefix.init>.
        else if (connectorOperation(el.local)) fromAttr(el, 'configKey', 'localEntry');
    }
    return true;
  };
  walkElements(root, (el) => visit(el, el === root));
  return out;
}
