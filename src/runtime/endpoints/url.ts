/**
 * Builds the URL an HTTP endpoint sends to, as Synapse's HTTPEndpoint does: an RFC 6570 expansion
 * whose variables are every `uri.var.*` and `query.param.*` property of the message (plus the
 * endpoint's own properties with those prefixes). A template starting with `{` (a whole-URL variable)
 * is read as `{+...}` so the URL's reserved characters survive; with no such variables at all the
 * template text is used as it is, braces included.
 */
import { parseTemplate } from 'url-template';
import type { MessageContext } from '../message';

export function templateVariables(msg: MessageContext, extra?: ReadonlyMap<string, string>): Record<string, string> {
  const vars: Record<string, string> = {};
  const add = (k: string, v: unknown) => {
    if ((k.startsWith('uri.var.') || k.startsWith('query.param.')) && v !== undefined && v !== null) vars[k] = String(v);
  };
  if (extra) for (const [k, v] of extra) add(k, v);
  for (const [k, v] of msg.properties) add(k, v);
  return vars;
}

/** Parsed templates by their text: an endpoint's template is parsed once, not per message. */
const parsed = new Map<string, ReturnType<typeof parseTemplate>>();
const MAX_PARSED = 1000;

export function expandEndpointUrl(template: string, vars: Record<string, string>): string {
  if (Object.keys(vars).length === 0) return template;
  let compiled = parsed.get(template);
  if (!compiled) {
    const source = template.startsWith('{') && !template.startsWith('{+') ? '{+' + template.slice(1) : template;
    compiled = parseTemplate(source);
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(template, compiled);
  }
  return compiled.expand(vars);
}
