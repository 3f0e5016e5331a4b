/**
 * `<log>`: writes one line in MI's LogMediator format (simple, headers, full, custom, or the MI 4.4
 * `<message>` template), prefixed with `{api:NAME} ` inside an API.
 */
import { expressionAt } from './branch';
import { attr, child, elements, textOf, type XmlElement } from '../../model/xml';
import { compileTemplate, namespacesInScope, renderTemplate, type Expression, type TemplatePart } from '../expressions/expression';
import { serializeEnvelope } from '../expressions/envelope';
import { WSA_ANONYMOUS } from '../expressions/scopes';
import type { LogLevel } from '../logger';
import type { MessageContext } from '../message';
import { defineMediator, type ParseContext } from './types';

type Level = 'simple' | 'headers' | 'full' | 'custom' | 'template';

interface LogProperty {
  name: string;
  value?: string;
  expression?: Expression;
}

export interface LogConfig {
  level: Level;
  category: LogLevel;
  separator: string;
  properties: LogProperty[];
  template?: TemplatePart[];
  logMessageId: boolean;
}

const LEVELS = new Set(['simple', 'headers', 'full', 'custom']);
const CATEGORIES = new Set(['INFO', 'TRACE', 'DEBUG', 'WARN', 'ERROR', 'FATAL']);

/** Parses the `<property>` children shared by log and other mediators: name with value or expression. */
export function parseNamedValues(el: XmlElement, ctx: ParseContext): LogProperty[] {
  return elements(el, 'property').map((p) => {
    const name = attr(p, 'name');
    if (name === undefined) ctx.fail('CONDUIT_ARTIFACT_INVALID', 'a log property needs a name', p);
    const value = attr(p, 'value');
    const expr = attr(p, 'expression');
    if (value === undefined && expr === undefined) ctx.fail('CONDUIT_ARTIFACT_INVALID', `log property ${name} needs a value or an expression`, p);
    return value !== undefined ? { name, value } : { name, expression: expressionAt(expr!, p, ctx) };
  });
}

function simpleParts(msg: MessageContext): string[] {
  const parts = [`To: ${msg.to ?? ''}`];
  const from = msg.axis2.get('wsa:From');
  if (from) parts.push(`From: ${String(from)}`);
  // After a call the response context carries empty WS-Addressing and SOAP actions, and MI prints them.
  const afterCall = msg.to === WSA_ANONYMOUS;
  const wsAction = msg.axis2.get('WSAction');
  if (wsAction !== undefined || afterCall) parts.push(`WSAction: ${String(wsAction ?? '')}`);
  const soapAction = msg.axis2.get('SOAPAction');
  if (soapAction !== undefined || afterCall) parts.push(`SOAPAction: ${String(soapAction ?? '')}`);
  const replyTo = msg.axis2.get('wsa:ReplyTo');
  if (replyTo) parts.push(`ReplyTo: ${String(replyTo)}`);
  parts.push(`MessageID: ${msg.messageId}`);
  if (msg.correlationId) parts.push(`correlation_id: ${msg.correlationId}`);
  parts.push(`Direction: ${msg.direction}`);
  return parts;
}

function join(parts: string[], sep: string): string {
  const s = parts.join(sep);
  return s.startsWith(sep) ? s.slice(sep.length) : s;
}

/**
 * The `{api:NAME} ` or `{proxy:NAME} ` prefix MI puts on log lines of an artifact (LoggingUtils.getFormattedLog);
 * `withRequest` adds an API request's method and path, as MI does for a `<message>` template.
 */
export function artifactPrefix(msg: MessageContext, withRequest = false): string {
  if (!msg.artifactName) return '';
  if (msg.artifactKind === 'proxy') return `{proxy:${msg.artifactName}} `;
  if (msg.artifactKind === 'inbound') return `{inboundendpoint:${msg.artifactName}} `;
  return withRequest ? `{api:${msg.artifactName} ${msg.method} ${msg.requestPath}} ` : `{api:${msg.artifactName}} `;
}

export default defineMediator<LogConfig>({
  name: 'log',
  parse(el, ctx) {
    const levelAttr = attr(el, 'level');
    const message = child(el, 'message');
    if (levelAttr !== undefined && !LEVELS.has(levelAttr)) ctx.fail('CONDUIT_ARTIFACT_INVALID', `unknown log level ${levelAttr} (simple, headers, full or custom)`, el);
    const category = (attr(el, 'category') ?? 'INFO').toUpperCase();
    if (!CATEGORIES.has(category)) ctx.fail('CONDUIT_ARTIFACT_INVALID', `unknown log category ${category} (INFO, TRACE, DEBUG, WARN, ERROR or FATAL)`, el);
    let level: Level = (levelAttr as Level | undefined) ?? (message ? 'template' : 'simple');
    if (attr(el, 'logFullPayload') === 'true') level = 'full';
    let template: TemplatePart[] | undefined;
    if (message) {
      try {
        template = compileTemplate(textOf(message), namespacesInScope(message));
      } catch (err) {
        ctx.fail('CONDUIT_EXPRESSION_INVALID', (err as Error).message, message);
      }
    }
    return {
      level,
      category: category as LogLevel,
      separator: (attr(el, 'separator') ?? ', ').replace(/\\n/g, '\n').replace(/\\t/g, '\t'),
      properties: parseNamedValues(el, ctx),
      template,
      logMessageId: attr(el, 'logMessageID') === 'true',
    };
  },
  mediate(c, msg, env) {
    if (!env.logger.enabled(c.category)) return true;
    const sep = c.separator;
    const props = c.properties.map((p) => `${p.name} = ${p.value ?? p.expression!.evaluate(msg, env.logger)}`);
    const tmpl = c.template ? [renderTemplate(c.template, msg, env.logger)] : [];
    let body: string;
    switch (c.level) {
      case 'simple':
        body = join([...tmpl, ...simpleParts(msg), ...props], sep);
        break;
      case 'full': {
        const payload = msg.payload.kind === 'json' ? `Payload: ${msg.payload.text}` : `Envelope: ${serializeEnvelope(msg)}`;
        body = join([...tmpl, ...simpleParts(msg), ...props, payload], sep);
        break;
      }
      case 'headers': {
        const head = (tmpl[0] ?? '') + (msg.correlationId ? ` correlation_id : ${msg.correlationId}` : '');
        body = join([head, ...props], sep);
        break;
      }
      case 'custom':
      case 'template': {
        const id = c.logMessageId ? [`MessageID: ${msg.messageId}`, ...(msg.correlationId ? [`correlation_id: ${msg.correlationId}`] : [])] : [];
        body = join([...id, ...tmpl, ...props], sep);
        break;
      }
    }
    env.logger.log(c.category, 'LogMediator', artifactPrefix(msg, c.level === 'template') + body);
    return true;
  },
});
