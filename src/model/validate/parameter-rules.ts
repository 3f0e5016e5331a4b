/**
 * Message stores and processors against the catalog: unknown classes, unknown parameters, values of the
 * wrong type, required parameters that are missing, and the classes the Conduit runtime refuses to run
 * (a warning in the runtime's words: the project is valid for MI, it only does not run locally).
 */
import { processorClassSpec, processorRefusal, PROCESSOR_CLASSES } from '../catalog/message-processors';
import { storeClassSpec, storeRefusal } from '../catalog/message-stores';
import { parameterSpec, type ClassSpec, type ParameterSpec } from '../catalog/parameters';
import { attrNode } from '../xml';
import { messageProcessorView, messageStoreView, parameterValues, type Parameter } from '../views';
import type { ProjectIndex } from './project-index';
import { quartzCronError } from './quartz-cron';
import type { RuleContext } from './rule-context';
import { suggest } from './schema-rules';

export function checkParameters(ctx: RuleContext, index: ProjectIndex): void {
  const { artifact } = ctx;
  if (artifact.kind === 'messageStore') {
    const view = messageStoreView(artifact);
    const refusal = storeRefusal(artifact.name, view.className, parameterValues(view.parameters));
    if (refusal) ctx.report('CONDUIT_STORE_UNSUPPORTED', refusal, view.classAttr?.range ?? artifact.element.nameRange, 'warning');
    const spec = storeClassSpec(view.className);
    if (!spec) {
      ctx.report('CONDUIT_CLASS_UNKNOWN', `'${view.className}' is not a Synapse message store class; its parameters are not checked`, view.classAttr?.range);
      return;
    }
    checkAgainst(ctx, spec, view.parameters);
  } else if (artifact.kind === 'messageProcessor') {
    const view = messageProcessorView(artifact);
    if (!view.classAttr || view.className === '') return; // the missing class attribute is a schema problem
    // The runtime looks for the processor's store before at its class.
    const refusal = storeNotRun(ctx, index, view.messageStore?.value.trim()) ? undefined : processorRefusal(artifact.name, view.className);
    if (refusal) ctx.report('CONDUIT_PROCESSOR_UNSUPPORTED', refusal, view.classAttr.range, 'warning');
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

/** The runtime refuses a processor whose store it refused, as not deployed; reports that and says so. */
function storeNotRun(ctx: RuleContext, index: ProjectIndex, storeName: string | undefined): boolean {
  const store = storeName ? index.named('messageStore', storeName)[0] : undefined;
  if (!store) return false; // an unresolved name is reference-rules' to report
  const view = messageStoreView(store);
  if (!storeRefusal(store.name, view.className, parameterValues(view.parameters))) return false;
  ctx.report(
    'CONDUIT_REFERENCE_UNRESOLVED',
    `message processor ${ctx.artifact.name}: message store '${storeName}' is not deployed`,
    messageProcessorView(ctx.artifact).messageStore?.range ?? ctx.artifact.element.nameRange,
    'warning',
  );
  return true;
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
