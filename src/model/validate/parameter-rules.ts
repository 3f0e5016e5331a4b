/**
 * Message store and processor parameters against the class table in parameters.ts: unknown classes,
 * unknown parameters, values of the wrong type, and required parameters that are missing.
 */
import { attrNode } from '../xml';
import { messageProcessorView, messageStoreView, type Parameter } from '../views';
import { parameterSpec, processorClassSpec, storeClassSpec, type ClassSpec, type ParameterSpec } from './parameters';
import { quartzCronError } from './quartz-cron';
import type { RuleContext } from './rule-context';
import { suggest } from './schema-rules';
import { PROCESSOR_CLASSES } from '../views';

export function checkParameters(ctx: RuleContext): void {
  const { artifact } = ctx;
  if (artifact.kind === 'messageStore') {
    const view = messageStoreView(artifact);
    const spec = storeClassSpec(view.className);
    if (!spec) {
      ctx.report('CONDUIT_CLASS_UNKNOWN', `'${view.className}' is not a Synapse message store class; its parameters are not checked`, view.classAttr?.range);
      return;
    }
    checkAgainst(ctx, spec, view.parameters);
  } else if (artifact.kind === 'messageProcessor') {
    const view = messageProcessorView(artifact);
    if (!view.classAttr || view.className === '') return; // the missing class attribute is a schema problem
    const spec = processorClassSpec(view.className);
    if (!spec) {
      ctx.report('CONDUIT_CLASS_UNKNOWN', `'${view.className}' is not a Synapse message processor class; its parameters are not checked`, view.classAttr.range);
      return;
    }
    checkAgainst(ctx, spec, view.parameters);
    if (spec.className === PROCESSOR_CLASSES.forwarding && !view.targetEndpoint?.value.trim() && !present(view.parameters, 'target.endpoint')) {
      ctx.report('CONDUIT_PARAMETER_MISSING', `a forwarding processor needs a target endpoint: set targetEndpoint="..." (without one it deactivates at the first message)`, artifact.element.nameRange, 'warning');
    }
  }
}

function present(params: readonly Parameter[], name: string): boolean {
  return params.some((p) => p.name === name && (p.value.trim() !== '' || p.expression !== undefined || p.key !== undefined));
}

function checkAgainst(ctx: RuleContext, spec: ClassSpec, params: readonly Parameter[]): void {
  const root = ctx.artifact.element;
  for (const p of params) {
    if (p.name === '') continue; // the schema reports the missing name
    const nameRange = attrNode(p.element, 'name')?.valueRange ?? p.element.nameRange;
    const ps = parameterSpec(spec, p.name);
    if (!ps) {
      if (!spec.openNames?.test(p.name)) {
        ctx.report('CONDUIT_PARAMETER_UNKNOWN', `'${p.name}' is not a parameter of the ${spec.label.toLowerCase()}${suggest(p.name, spec.parameters.map((x) => x.name))}`, nameRange);
      }
      continue;
    }
    if (p.expression !== undefined || p.key !== undefined) continue;
    const error = valueError(ps, p.value.trim());
    if (error) ctx.report('CONDUIT_PARAMETER_INVALID', `${p.name}: ${error}`, p.valueRange);
  }
  for (const ps of spec.parameters) {
    if (ps.required && !present(params, ps.name)) {
      ctx.report('CONDUIT_PARAMETER_MISSING', `the ${spec.label.toLowerCase()} needs parameter '${ps.name}': ${ps.doc}`, root.nameRange);
    }
  }
  if (spec.requiredOneOf && !spec.requiredOneOf.some((set) => set.every((n) => present(params, n)))) {
    const options = spec.requiredOneOf.map((set) => set.map((n) => `'${n}'`).join(' and ')).join(', or ');
    ctx.report('CONDUIT_PARAMETER_MISSING', `the ${spec.label.toLowerCase()} needs ${options}`, root.nameRange);
  }
}

/** Why a literal parameter value does not fit its type, or undefined. */
export function valueError(ps: ParameterSpec, value: string): string | undefined {
  // Secure vault look-ups and system/file resolvers are resolved at deploy time.
  if (value.startsWith('{') || value.startsWith('$')) return undefined;
  switch (ps.type) {
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return `'${value}' is not a whole number`;
      if (ps.min !== undefined && Number(value) < ps.min) return `${value} is less than ${ps.min}`;
      return undefined;
    }
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value) ? undefined : `'${value}' is not a number`;
    case 'boolean':
      return /^(true|false)$/i.test(value) ? undefined : `'${value}' is not true or false`;
    case 'enum':
      return ps.values?.some((v) => v.toLowerCase() === value.toLowerCase()) ? undefined : `'${value}' is not one of ${(ps.values ?? []).join(', ')}`;
    case 'cron':
      return quartzCronError(value);
    case 'sequence':
    case 'endpoint':
    case 'messageStore':
      return value === '' ? `needs the name of a ${ps.type === 'messageStore' ? 'message store' : ps.type}` : undefined;
    default:
      return undefined;
  }
}
