/** Builds a REST API (`<api>`) with its resources, each answering with a logged echo until it is filled in. */
import { el, type XmlElement } from '../xml';
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
        el('inSequence', {}, [el('log', { level: 'full' }), el('respond')]),
        el('faultSequence'),
      ]);
    }),
  );
}
