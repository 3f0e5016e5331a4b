/**
 * Checks the grammar leaves to names: unknown functions, wrong argument counts, unknown parameter
 * sources and property scopes, and call-like path steps that are not JSONPath functions. MI's lexer
 * rejects these as syntax errors, so they are reported with the parse errors.
 */
import type { Expr } from './ast';
import { synapseFunction } from './functions';
import type { SynapseSyntaxError } from './parse';
import { forEachExpr } from './walk';

const PARAM_SOURCES = ['queryParams', 'pathParams', 'functionParams'];

export function checkNames(ast: Expr): SynapseSyntaxError[] {
  const errors: SynapseSyntaxError[] = [];
  forEachExpr(ast, (e) => {
    if (e.kind === 'call') {
      const fn = synapseFunction(e.name);
      if (!fn) {
        errors.push({ message: `unknown function '${e.name}'`, ...e.nameSpan });
      } else if (e.args.length < fn.minArgs || e.args.length > fn.maxArgs) {
        const want = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
        errors.push({ message: `${e.name} takes ${want} argument${fn.maxArgs === 1 ? '' : 's'}, not ${e.args.length}: ${fn.signature}`, ...e.nameSpan });
      }
      if (e.property && e.name !== 'registry') {
        errors.push({ message: `.property(...) follows only registry(...)`, ...e.nameSpan });
      }
    } else if (e.kind === 'param' && (e.source as string) === 'uriParams') {
      errors.push({ message: `params.uriParams is the pre-release name of path parameters: MI 4.4.0 and later read them as params.pathParams`, offset: e.offset, length: e.length });
    } else if (e.kind === 'param' && !PARAM_SOURCES.includes(e.source)) {
      errors.push({ message: `unknown parameter source '${e.source}'; use params.queryParams, params.pathParams or params.functionParams`, offset: e.offset, length: e.length });
    } else if (e.kind === 'property' && e.scope !== 'synapse' && e.scope !== 'axis2') {
      errors.push({ message: `unknown property scope '${e.scope}'; use props.synapse or props.axis2`, offset: e.offset, length: e.length });
    }
    if (e.kind === 'payload' || e.kind === 'vars' || e.kind === 'call') {
      for (const s of e.path) {
        if (s.kind === 'member' && s.args) errors.push({ message: `'${s.name}(...)' is not a JSONPath function`, offset: s.offset, length: s.length });
      }
    }
  });
  return errors;
}
