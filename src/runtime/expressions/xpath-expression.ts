/**
 * XPath 1.0 as Synapse evaluates it (Jaxen with SynapseXPath's variable and function contexts), through
 * the `xpath` package: the context node is the SOAP envelope of the message.
 */
import type { Node } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import { ConduitError } from '../../model/errors';
import type { Logger } from '../logger';
import type { MessageContext } from '../message';
import { envelopeOf, serializeNode } from './envelope';
import { javaDouble } from './java-format';
import { getProperty, scopeValue } from './scopes';
import { isDomNode, propertyString } from './property-values';
import type { Expression, Namespaces } from './types';

/** The parts of the xpath package this file uses that its typings leave out. */
interface XValue {
  stringValue(): string;
  booleanValue(): boolean;
  numberValue(): number;
}
interface XNodeSetLike extends XValue {
  toArray(): Node[];
}
interface ParsedXPath {
  evaluate(options: {
    node: unknown;
    namespaces: (prefix: string) => string | undefined;
    functions: (name: string, ns: string) => ((...args: unknown[]) => unknown) | undefined;
    variables: (name: string, ns: string) => unknown;
  }): XValue;
}
interface XPathModule {
  parse(text: string): ParsedXPath;
  FunctionResolver: new () => { getFunction(local: string, ns: string): ((...args: unknown[]) => unknown) | undefined };
  XNodeSet: new () => XNodeSetLike;
  XNumber: new (n: number) => XValue;
  XBoolean: new (b: boolean) => XValue;
  XString: new (s: string) => XValue;
}
const XP = xpath as unknown as XPathModule;

const VAR_NS = 'urn:conduit:xpath-variable:';
/** Prefixes Synapse gives meaning to in variable names ($ctx:x ...). */
const VARIABLE_PREFIXES = ['ctx', 'axis2', 'trp', 'url', 'func', 'var', 'operation', 'sys'];
/** Standard functions written with the XPath 2.0 functions prefix (fn:concat). */
const FN_NS = 'http://www.w3.org/2005/xpath-functions';
const standardFunctions = new XP.FunctionResolver();

function toXPathValue(v: unknown): unknown {
  if (v === undefined || v === null) return '';
  if (isDomNode(v)) return [v];
  if (Array.isArray(v) && v.every(isDomNode)) return v;
  return propertyString(v) ?? '';
}

function stringArg(v: unknown): string {
  return (v as XValue).stringValue();
}

const synapseFunctions: Record<string, (msg: MessageContext, args: unknown[]) => unknown> = {
  'get-property': (msg, args) => {
    if (args.length < 1 || args.length > 3) throw new Error('get-property takes one to three arguments');
    return toXPathValue(getProperty(msg, args.map(stringArg)));
  },
  base64Encode: (_msg, args) => {
    const s = stringArg(args[0]);
    return s === '' ? '' : Buffer.from(s, (args[1] ? stringArg(args[1]).toLowerCase() : 'utf8') as BufferEncoding).toString('base64');
  },
  base64Decode: (_msg, args) => {
    const s = stringArg(args[0]);
    return s === '' ? '' : Buffer.from(s, 'base64').toString((args[1] ? stringArg(args[1]).toLowerCase() : 'utf8') as BufferEncoding);
  },
  // URIUtil.encodePathQuery: space → %20, the reserved characters of paths and queries are kept.
  'url-encode': (_msg, args) => encodeURI(stringArg(args[0])),
};

/**
 * Compiles an XPath expression. `namespaces` are the prefixes declared where it was written.
 * Throws CONDUIT_EXPRESSION_INVALID when it does not parse.
 */
export function compileXPath(source: string, namespaces: Namespaces = {}): Expression {
  let parsed: ParsedXPath;
  try {
    parsed = XP.parse(source);
  } catch (err) {
    throw new ConduitError('CONDUIT_EXPRESSION_INVALID', `the XPath expression ${source} does not parse: ${(err as Error).message}`, { cause: err });
  }

  const run = (msg: MessageContext): XValue => {
    const view = envelopeOf(msg);
    return parsed.evaluate({
      node: view.envelope,
      namespaces: (prefix) => {
        if (VARIABLE_PREFIXES.includes(prefix)) return VAR_NS + prefix;
        if (prefix === 'fn' && namespaces.fn === undefined) return FN_NS;
        if (prefix === 'soapenv' && namespaces.soapenv === undefined) return view.envelope.namespaceURI ?? undefined;
        return namespaces[prefix];
      },
      functions: (name, ns) => {
        if (ns === FN_NS) {
          const std = standardFunctions.getFunction(name, '');
          if (!std) return undefined;
          // The library hands evaluated arguments to resolved functions; standard ones expect expressions.
          return (ctx: unknown, ...vals: unknown[]) => std(ctx, ...vals.map((v) => ({ evaluate: () => v })));
        }
        if (ns) return undefined;
        const f = synapseFunctions[name];
        return f ? (_ctx: unknown, ...args: unknown[]) => f(msg, args) : undefined;
      },
      variables: (name, ns) => {
        if (!ns) {
          if (name === 'body') return [view.body];
          if (name === 'header') return view.header ? [view.header] : [];
          if (name === 'env') return [view.envelope];
          return undefined;
        }
        if (!ns.startsWith(VAR_NS)) return undefined;
        const scope = ns.slice(VAR_NS.length);
        if (scope === 'sys') return '';
        return toXPathValue(scopeValue(msg, scope, name));
      },
    });
  };

  const fail = (msg: MessageContext, log: Logger | undefined, err: unknown) => {
    log?.log('WARN', 'SynapseXPath', `CONDUIT_EXPRESSION_FAILED Evaluating the XPath expression : ${source}, failed: ${(err as Error).message} (message ${msg.messageId})`);
  };

  return {
    source,
    kind: 'xpath',
    evaluate(msg, log) {
      try {
        return stringValueOf(run(msg));
      } catch (err) {
        fail(msg, log, err);
        return '';
      }
    },
    evaluateBoolean(msg, log) {
      try {
        return run(msg).booleanValue();
      } catch (err) {
        fail(msg, log, err);
        return false;
      }
    },
    evaluateNodes(msg, log) {
      try {
        const r = run(msg);
        return r instanceof XP.XNodeSet ? r.toArray() : undefined;
      } catch (err) {
        fail(msg, log, err);
        return undefined;
      }
    },
    evaluateValue(msg, log) {
      try {
        const r = run(msg);
        if (r instanceof XP.XNodeSet) {
          const nodes = r.toArray();
          return nodes.length === 0 ? undefined : nodes;
        }
        return stringValueOf(r);
      } catch (err) {
        fail(msg, log, err);
        return undefined;
      }
    },
  };
}

/** The trimmed text of an element's own text children (Axiom getText). */
function directText(node: Node): string {
  let s = '';
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 3 || c.nodeType === 4) s += c.nodeValue ?? '';
  return s;
}

/** SynapseXPath.stringValueOf of an XPath result. */
export function stringValueOf(r: XValue): string {
  const o: object = r;
  if (o instanceof XP.XNumber) return javaDouble(r.numberValue());
  if (o instanceof XP.XBoolean) return r.booleanValue() ? 'true' : 'false';
  if (o instanceof XP.XNodeSet) return nodesToString((r as XNodeSetLike).toArray());
  return r.stringValue();
}

/** The string of a list of nodes: one element gives its text (or its XML when it has none), several their XML. */
export function nodesToString(nodes: Node[]): string {
  let out = '';
  for (const n of nodes) {
    switch (n.nodeType) {
      case 1: {
        const text = directText(n);
        out += nodes.length === 1 && text.trim() !== '' ? text.trim() : serializeNode(n);
        break;
      }
      case 2:
        out += n.nodeValue ?? '';
        break;
      case 9:
        out += serializeNode((n as unknown as { documentElement: Node }).documentElement);
        break;
      default:
        out += n.nodeValue ?? '';
    }
  }
  return out;
}
