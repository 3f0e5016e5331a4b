/**
 * `<xslt key="gov:..." [source="xpath"]><property name value|expression/>*<feature/>*<resource location key/>*</xslt>`:
 * transforms the body's first element (or the node `source` selects) with an XSLT 1.0 stylesheet from the
 * registry (xslt-processor) and puts the result in its place, as Synapse's XSLTMediator does. Properties
 * become the stylesheet's `xsl:param`s; `<resource>`s answer its `xsl:import`/`xsl:include` hrefs from the
 * registry. Nothing else is loaded: other imports fail and `document()` finds nothing. A text result
 * (`xsl:output method="text"`) becomes a text body. The transformation runs in the sandbox process, with
 * its time and memory limits: a stylesheet that recurses for ever fails its message, not the runtime.
 */
import { expressionAt } from './branch';
import type { Element, Node } from '@xmldom/xmldom';
import { ConduitError } from '../../model/errors';
import { mediatorIssues } from '../../model/validate/mediator-rules';
import { attr, elements, type XmlElement } from '../../model/xml';
import { envelopeOf, firstBodyElement, parseXmlDom, serializeNode } from '../expressions/envelope';
import type { Expression } from '../expressions/expression';
import { Payload, type MessageContext } from '../message';
import { DATAMAPPER_TIME_LIMIT_MS } from './datamapper-sandbox';
import { defineMediator, type MediationEnv, type ParseContext } from './types';

interface XsltParam {
  name: string;
  value?: string;
  expression?: Expression;
}

interface XsltConfig {
  key: string;
  stylesheet: string;
  /** `xsl:output method="text"`: the result is text, not an element. */
  text: boolean;
  source?: Expression;
  params: XsltParam[];
  /** href of an xsl:import or xsl:include → the stylesheet text a `<resource>` names. */
  resources: Record<string, string>;
}

const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';

function failed(key: string, message: string): ConduitError {
  return new ConduitError('CONDUIT_XSLT_FAILED', `the XSLT ${key} failed: ${message}`);
}

/** Reads a stylesheet mediatorIssues has found to be one, with its output method. */
function readStylesheet(key: string, ctx: ParseContext, at: XmlElement): { text: string; method?: string } {
  const content = ctx.resource(key);
  if (!content) return ctx.fail('CONDUIT_REGISTRY_NOT_FOUND', `the XSLT ${key} is not in the registry`, at);
  const text = content.toString('utf8');
  const root = parseXmlDom(text).documentElement!;
  const output = Array.from(root.childNodes).find((n) => n.nodeType === 1 && (n as Element).namespaceURI === XSL_NS && (n as Element).localName === 'output') as Element | undefined;
  return { text, method: output?.getAttribute('method') ?? undefined };
}

/** The node the transformation reads and replaces: `source`'s first element, else the body's first element. */
function sourceNode(c: XsltConfig, msg: MessageContext, env: MediationEnv): Element {
  const view = envelopeOf(msg);
  if (c.source) {
    const node = c.source.evaluateNodes?.(msg, env.logger)?.find((n) => n.nodeType === 1) as Element | undefined;
    if (!node) throw failed(c.key, `its source ${c.source.source} selects no element`);
    return node;
  }
  const first = firstBodyElement(view);
  if (!first) throw failed(c.key, 'the message has no body to transform');
  return first;
}

export default defineMediator<XsltConfig>({
  name: 'xslt',
  parse(el, ctx) {
    const issue = mediatorIssues(el, ctx.resource)[0];
    if (issue) ctx.fail(issue.code, issue.message, issue.at);
    const key = attr(el, 'key')!;
    const { text, method } = readStylesheet(key, ctx, el);
    const resources: Record<string, string> = {};
    for (const r of elements(el, 'resource')) resources[attr(r, 'location')!] = readStylesheet(attr(r, 'key')!, ctx, r).text;
    const source = attr(el, 'source');
    return {
      key,
      stylesheet: text,
      text: method === 'text',
      source: source === undefined ? undefined : expressionAt(source, el, ctx),
      params: elements(el, 'property').map((p) => {
        const expression = attr(p, 'expression');
        return { name: attr(p, 'name')!, value: attr(p, 'value'), expression: expression === undefined ? undefined : expressionAt(expression, p, ctx) };
      }),
      resources,
    };
  },
  async mediate(c, msg, env) {
    const node = sourceNode(c, msg, env);
    const params = c.params.map((p) => ({ name: p.name, value: p.expression ? p.expression.evaluate(msg, env.logger) : (p.value ?? '') }));
    const job = { xml: serializeNode(node), stylesheet: c.stylesheet, params, resources: c.resources };
    let out: string;
    try {
      out = await env.dataMapper.runXslt(JSON.stringify(job), { filename: c.key, timeoutMs: DATAMAPPER_TIME_LIMIT_MS });
    } catch (err) {
      throw failed(c.key, (err as Error).message.replace(/^the transformation failed: /, ''));
    }
    const view = envelopeOf(msg);
    const isPayload = node === firstBodyElement(view);
    if (c.text) {
      if (!isPayload) throw failed(c.key, 'a text result can only replace the whole body, not the node its source selects');
      msg.setPayload(Payload.text(out));
      return true;
    }
    let result: Element;
    try {
      result = parseXmlDom(out.replace(/^\s*<\?xml[^>]*\?>/, '')).documentElement!;
    } catch (err) {
      throw failed(c.key, `its result is not a single XML element: ${(err as Error).message}`);
    }
    if (isPayload) msg.setPayload(Payload.xml(serializeNode(result)));
    else {
      node.parentNode!.replaceChild(view.doc.importNode(result as unknown as Node, true), node);
      const first = firstBodyElement(view);
      msg.setPayload(Payload.xml(first ? serializeNode(first) : ''));
    }
    return true;
  },
});
