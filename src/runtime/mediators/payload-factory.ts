/**
 * `<payloadFactory>`: builds a new body from a template with `$n` arguments and MI 4.4 `${...}`
 * expressions, inserting values by the rules of Synapse's RegexTemplateProcessor.
 */
import { DOMImplementation, XMLSerializer } from '@xmldom/xmldom';
import { escapeText, attr, child, elements, textOf, type XmlElement } from '../../model/xml';
import { toDom } from '../expressions/dom';
import { parseXmlDom } from '../expressions/envelope';
import { compileExpression, isSynapseExpression, namespacesInScope, type Expression } from '../expressions/expression';
import { compileJsonPath } from '../expressions/json-path';
import { parseJson } from '../../model/json/json-value';
import { jsonString, jsonToXml, xmlToJson } from '../../model/json/json-xml';
import { Payload, type MessageContext } from '../message';
import { defineMediator, type ParseContext } from './types';

type MediaType = 'json' | 'xml' | 'text';

interface Arg {
  value?: string;
  expression?: Expression;
  evaluator: 'xml' | 'json';
  literal: boolean;
}

/** A template piece: literal text, a `$n` argument, or a `${...}` expression (quoted or not). */
type Piece = { text: string } | { arg: number } | { expression: Expression; quoted: boolean };

export interface PayloadFactoryConfig {
  mediaType: MediaType;
  pieces: Piece[];
  args: Arg[];
}

const PLACEHOLDER = /"\$\{([^}]+)\}"|\$\{([^}]+)\}|\$(\d+)/g;

function compilePieces(template: string, at: XmlElement, ctx: ParseContext): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index! > last) pieces.push({ text: template.slice(last, m.index) });
    if (m[3] !== undefined) pieces.push({ arg: Number(m[3]) });
    else {
      const inner = m[1] ?? m[2];
      try {
        pieces.push({ expression: compileExpression(`\${${inner}}`, namespacesInScope(at)), quoted: m[1] !== undefined });
      } catch (err) {
        ctx.fail('CONDUIT_EXPRESSION_INVALID', (err as Error).message, at);
      }
    }
    last = m.index! + m[0].length;
  }
  if (last < template.length) pieces.push({ text: template.slice(last) });
  return pieces;
}

function looksLikeXml(s: string): boolean {
  const t = s.trim();
  if (!t.startsWith('<') || !t.endsWith('>')) return false;
  try {
    parseXmlDom(t);
    return true;
  } catch {
    return false;
  }
}

function escapeXml(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** JSON text (object or array) as XML content, the jsonObject/jsonArray wrapper dropped. */
function jsonAsXmlContent(text: string): string {
  const doc = new DOMImplementation().createDocument(null, '', null);
  const root = jsonToXml(doc, parseJson(text), text);
  const s = new XMLSerializer();
  let out = '';
  for (let c = root.firstChild; c; c = c.nextSibling) out += s.serializeToString(c);
  return out;
}

/** The text of one `$n` argument as it goes into the template. */
function argValue(a: Arg, mediaType: MediaType, msg: MessageContext, log: import('../logger').Logger): string {
  if (a.value !== undefined) return looksLikeXml(a.value) ? a.value : escapeXml(a.value);
  const value = a.expression!.evaluate(msg, log);
  // A literal argument is a string whatever it looks like, as MI's template processor infers its type.
  const isXml = !a.literal && a.evaluator === 'xml' && looksLikeXml(value);
  if (mediaType === 'json') {
    if (isXml) return xmlToJson(parseXmlDom(`<jsonObject>${value}</jsonObject>`).documentElement!);
    const t = value.trim();
    if (a.literal || !(t.startsWith('{') || t.startsWith('['))) {
      const escaped = jsonString(value).slice(1, -1);
      if (msg.getProperty('QUOTE_STRING_IN_PAYLOAD_FACTORY_JSON') === 'true' && !/^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(value)) {
        return `"${escaped}"`;
      }
      return escaped;
    }
    return value;
  }
  if (mediaType === 'xml') {
    if (isXml) return value;
    const t = value.trim();
    if (a.evaluator === 'json' && (t.startsWith('{') || t.startsWith('['))) {
      try {
        return jsonAsXmlContent(t);
      } catch {
        return escapeXml(value);
      }
    }
    return escapeXml(value);
  }
  return value;
}

function expressionValue(p: { expression: Expression; quoted: boolean }, mediaType: MediaType, msg: MessageContext, log: import('../logger').Logger): string {
  const raw = p.expression.evaluateValue(msg, log);
  const text = p.expression.evaluate(msg, log);
  const structured = raw !== null && typeof raw === 'object' && !('nodeType' in (raw as object)) && String(raw) !== text;
  // An unquoted result that is XML (an ${xpath(...)} node, an XML variable) goes in as elements, as in MI:
  // as XML into an XML format, converted to JSON into a JSON one.
  const xml = !p.quoted && !structured && looksLikeXml(text);
  if (mediaType === 'json') {
    if (xml) return xmlToJson(parseXmlDom(`<jsonObject>${text}</jsonObject>`).documentElement!);
    return p.quoted ? jsonString(text) : text;
  }
  if (mediaType === 'xml') {
    if (xml) return text;
    if (structured || /^[[{]/.test(text.trim())) {
      try {
        return jsonAsXmlContent(text);
      } catch {
        return escapeXml(text);
      }
    }
    return p.quoted ? `"${escapeXml(text)}"` : escapeXml(text);
  }
  return p.quoted ? `"${text}"` : text;
}

const CONTENT_TYPES: Record<MediaType, string> = { json: 'application/json', xml: 'application/xml', text: 'text/plain' };

export default defineMediator<PayloadFactoryConfig>({
  name: 'payloadFactory',
  parse(el, ctx) {
    const mediaType = (attr(el, 'media-type') ?? 'xml') as MediaType;
    if (!['json', 'xml', 'text'].includes(mediaType)) ctx.fail('CONDUIT_ARTIFACT_INVALID', `unknown media-type ${mediaType} (json, xml or text)`, el);
    if ((attr(el, 'template-type') ?? 'default') !== 'default') ctx.fail('CONDUIT_ARTIFACT_INVALID', 'only template-type="default" payload templates are supported', el);
    const format = child(el, 'format');
    if (!format) return ctx.fail('CONDUIT_ARTIFACT_INVALID', 'payloadFactory needs a <format>', el);
    let template: string;
    const key = attr(format, 'key');
    if (key !== undefined) {
      const content = ctx.resource(key);
      if (!content) return ctx.fail('CONDUIT_REGISTRY_NOT_FOUND', `the payload format ${key} is not in the registry`, format);
      template = content.toString('utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
      if (mediaType === 'xml') template = template.trim();
    } else if (mediaType === 'xml') {
      const root = elements(format)[0];
      if (!root) return ctx.fail('CONDUIT_ARTIFACT_INVALID', 'an XML payload format needs one element', format);
      template = new XMLSerializer().serializeToString(toDom(root));
    } else template = textOf(format);
    const args: Arg[] = [];
    const argsEl = child(el, 'args');
    for (const a of argsEl ? elements(argsEl, 'arg') : []) {
      const value = attr(a, 'value');
      const expr = attr(a, 'expression');
      const evaluator = (attr(a, 'evaluator') ?? 'xml') as 'xml' | 'json';
      const literal = attr(a, 'literal') === 'true';
      if (value !== undefined) {
        args.push({ value, evaluator, literal });
        continue;
      }
      if (expr === undefined) return ctx.fail('CONDUIT_ARTIFACT_INVALID', 'an <arg> needs a value or an expression', a);
      try {
        const t = expr.trim();
        const expression =
          evaluator === 'json' && !t.startsWith('json-eval(') && !isSynapseExpression(t) ? compileJsonPath(t, t) : compileExpression(t, namespacesInScope(a));
        args.push({ expression, evaluator, literal });
      } catch (err) {
        return ctx.fail('CONDUIT_EXPRESSION_INVALID', (err as Error).message, a);
      }
    }
    return { mediaType, pieces: compilePieces(template, format, ctx), args };
  },
  mediate(c, msg, env) {
    const log = env.logger;
    let out = '';
    let stopped = false;
    for (const p of c.pieces) {
      if (stopped) {
        out += 'text' in p ? p.text : 'arg' in p ? `$${p.arg}` : '';
        continue;
      }
      if ('text' in p) out += p.text;
      else if ('arg' in p) {
        const a = c.args[p.arg - 1];
        if (!a) {
          log.log('ERROR', 'PayloadFactoryMediator', `the payload template uses $${p.arg} but only ${c.args.length} arguments are given`);
          stopped = true;
          out += `$${p.arg}`;
          continue;
        }
        out += argValue(a, c.mediaType, msg, log);
      } else out += expressionValue(p, c.mediaType, msg, log);
    }
    if (c.mediaType === 'json') {
      // MI keeps a JSON result as text until something reads it, so a format that does not make JSON
      // (an XML argument converted into a quoted string, say) still goes out as written. So does it here,
      // with a warning; a mediator that then reads the payload fails with the parse error.
      try {
        parseJson(out);
      } catch (err) {
        log.log('WARN', 'PayloadFactoryMediator', `the payloadFactory result is not valid JSON (${(err as Error).message}); it goes on as written: ${out.slice(0, 200)}`);
      }
      msg.setPayload(Payload.json(out));
    } else if (c.mediaType === 'xml') msg.setPayload(Payload.xml(out));
    else msg.setPayload(Payload.text(out));
    let type = CONTENT_TYPES[c.mediaType];
    const current = String(msg.axis2.get('messageType') ?? '');
    if (c.mediaType === 'xml' && /xml|soap/.test(current)) type = current;
    msg.axis2.set('messageType', type);
    msg.axis2.set('ContentType', type);
    msg.transportHeaders.set('Content-Type', type);
    msg.axis2.delete('NO_ENTITY_BODY');
    return true;
  },
});
