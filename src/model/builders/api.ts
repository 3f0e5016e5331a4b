/** Builds a REST API (`<api>`) with its resources, each answering with a logged echo until it is filled in. */
import { el, type XmlElement } from '../xml';
import type { ExpressionStyle } from './expression-style';
import { checkName } from './fields';
import { synapseRoot } from './synapse-element';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

export interface ApiResourceState {
  methods: string[];
  /** `/path/{var}`; empty means the resource matches every path under the context. */
  uriTemplate?: string;
}

export interface ApiState {
  name: string;
  context: string;
  version?: string;
  resources?: ApiResourceState[];
  /** 'mi44' logs a `<message>` template naming the request; 'classic' (the default) logs the full envelope. */
  expressionStyle?: ExpressionStyle;
}

export function checkContext(value: string): string | undefined {
  if (!value.startsWith('/')) return 'The context starts with "/"';
  if (/\s/.test(value)) return 'The context has no spaces';
  return undefined;
}

export function checkUriTemplate(value: string): string | undefined {
  if (value === '') return undefined;
  if (!value.startsWith('/')) return 'A URI template starts with "/"';
  let depth = 0;
  for (const c of value) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (depth < 0 || depth > 1) return 'Braces in the template do not match';
  }
  return depth === 0 ? undefined : 'Braces in the template do not match';
}

export function checkMethods(methods: readonly string[]): string | undefined {
  if (methods.length === 0) return 'Pick at least one method';
  const bad = methods.find((m) => !(HTTP_METHODS as readonly string[]).includes(m));
  if (bad) return `${bad} is not an HTTP method`;
  return new Set(methods).size === methods.length ? undefined : 'A method is listed twice';
}

export function buildApi(state: ApiState): XmlElement {
  const problem = checkName(state.name) ?? checkContext(state.context);
  if (problem) throw new Error(`api: ${problem}`);
  const resources = state.resources?.length ? state.resources : [{ methods: ['GET'], uriTemplate: '/' }];
  return synapseRoot(
    'api',
    {
      name: state.name,
      context: state.context.replace(/(.)\/+$/, '$1'),
      version: state.version || undefined,
      'version-type': state.version ? 'context' : undefined,
    },
    resources.map((r) => {
      const p = checkMethods(r.methods) ?? checkUriTemplate(r.uriTemplate ?? '');
      if (p) throw new Error(`api resource: ${p}`);
      return el('resource', { methods: r.methods.join(' '), 'uri-template': r.uriTemplate || undefined }, [
        el('inSequence', {}, [resourceLog(state, r), el('respond')]),
        el('faultSequence'),
      ]);
    }),
  );
}

function resourceLog(state: ApiState, r: ApiResourceState): XmlElement {
  if (state.expressionStyle !== 'mi44') return el('log', { level: 'full' });
  const context = state.context.replace(/\/+$/, '');
  const message = `${r.methods.join(' ')} ${context}${templateMessage(r.uriTemplate ?? '')}`;
  return el('log', { category: 'INFO' }, [el('message', {}, [message])]);
}

/** Expression names are narrower than URI template names; a variable outside them stays as written. */
const EXPRESSION_ID = /^[A-Za-z_][\w-]*$/;

/**
 * The URI template with each variable replaced by the `${params...}` expression that reads it, so the
 * log shows the values the request matched. Variables after `?` (or in a `{?q}` form) are query parameters.
 */
function templateMessage(template: string): string {
  const query = template.indexOf('?');
  return template.replace(/\{([+#./;?&]?)([^}]*)\}/g, (whole, op: string, body: string, at: number) => {
    const source = op === '?' || op === '&' || (query >= 0 && at > query) ? 'queryParams' : 'pathParams';
    const names = body.split(',').map((n) => n.replace(/(\*|:\d+)$/, ''));
    if (!names.every((n) => EXPRESSION_ID.test(n))) return whole;
    const values = names.map((n) => `\${params.${source}.${n}}`);
    if (op === '?' || op === '&') return (op === '?' ? '?' : '&') + names.map((n, i) => `${n}=${values[i]}`).join('&');
    return values.join(',');
  });
}
