/**
 * Reads a `<task>` artifact the way MI's TaskDescriptionFactory and MessageInjector do: the trigger
 * (simple, once or cron), then MessageInjector's properties. The validator reports the problems found
 * here and the runtime schedules the definition, so what one accepts the other runs.
 */
import { artifactProblems } from './artifact-problems';
import { problem, type Problem, type Severity } from './errors';
import type { Artifact } from './types';
import { quartzCronError } from './validate/quartz-cron';
import { suggest } from './validate/schema-rules';
import { attrNode, child, elements, type Range, type XmlElement } from './xml';

export const MESSAGE_INJECTOR = 'org.apache.synapse.startup.tasks.MessageInjector';

/** MI refuses user tasks that repeat more often than once a second (TaskBuilder). */
export const MIN_TASK_INTERVAL_MS = 1000;

/** `count` is how many runs in all; -1 repeats for ever, 0 never runs (as MI's NTaskAdapter). */
export type TaskTrigger = { kind: 'simple'; intervalMs: number; count: number } | { kind: 'cron'; expression: string };

export type InjectFormat = 'soap11' | 'soap12' | 'pox' | 'get';

export interface TaskDefinition {
  name: string;
  trigger: TaskTrigger;
  injectTo: 'sequence' | 'proxy' | 'main';
  sequenceName?: string;
  /** The proxy service an `injectTo="proxy"` task runs its message through. */
  proxyName?: string;
  /** The inline payload (the first element inside `<property name="message">`). */
  message?: XmlElement;
  /** A registry or local-entry key whose XML is the payload, read at every run. */
  registryKey?: string;
  format?: InjectFormat;
  soapAction?: string;
  to?: string;
}

export interface TaskReading {
  /** Set when the runtime can schedule the task. */
  task?: TaskDefinition;
  /** What the validator reports (missing class and name are the schema's to report). */
  problems: Problem[];
  /** Why the runtime does not deploy the task: the first error, or what Conduit cannot run. */
  refusal?: Problem;
}

/** MessageInjector's setters; MI refuses a property it has no setter for. */
const PROPERTIES = ['message', 'to', 'format', 'soapAction', 'injectTo', 'sequenceName', 'proxyName', 'registryKey', 'sequential'];
const FORMATS: readonly InjectFormat[] = ['soap11', 'soap12', 'pox', 'get'];
const TARGETS = ['sequence', 'proxy', 'main'] as const;

export function readTask(artifact: Artifact): TaskReading {
  const root = artifact.element;
  const found = artifactProblems(artifact.file, root.nameRange);
  const { problems, report } = found;
  const invalid = (message: string, range: Range | undefined, severity?: Severity) => report('CONDUIT_TASK_CONFIG_INVALID', message, range, severity);

  const classAttr = attrNode(root, 'class');
  const className = classAttr?.value.trim() ?? '';
  if (className === '') {
    return { problems, refusal: problem('CONDUIT_ARTIFACT_INVALID', `task ${artifact.name} has no class`, { file: artifact.file, range: root.nameRange }) };
  }
  if (className !== MESSAGE_INJECTOR) {
    report('CONDUIT_UNSUPPORTED', `the Conduit runtime runs only ${MESSAGE_INJECTOR} tasks; '${className}' is a custom class, so the runtime does not deploy this task`, classAttr!.valueRange);
    return { problems, refusal: found.refusal };
  }

  const trigger = readTrigger(root, invalid);

  const values = new Map<string, { value?: string; element?: XmlElement; at: XmlElement }>();
  for (const p of elements(root, 'property')) {
    if (p.ns !== root.ns) {
      invalid(`MI reads task properties only in the Synapse namespace and ignores <${p.name}>; write <property name="..."> (the xmlns:task declaration may stay)`, p.nameRange);
      continue;
    }
    const nameAttr = attrNode(p, 'name');
    const name = nameAttr?.value.trim() ?? '';
    if (name === '') continue; // the schema reports the missing name
    if (!PROPERTIES.includes(name)) {
      invalid(`MessageInjector has no property '${name}'${suggest(name, PROPERTIES)}; MI refuses such a task, Conduit ignores the property`, nameAttr!.valueRange, 'warning');
      continue;
    }
    const valueAttr = attrNode(p, 'value');
    const inline = elements(p)[0];
    if (name === 'message') {
      if (!inline) invalid(`the message property needs the payload as inline XML (<property name="message"><request>...</request></property>): MessageInjector takes an XML element, and MI refuses a value="..." message`, (valueAttr ?? nameAttr)!.valueRange);
    } else if (valueAttr === undefined) {
      invalid(`the ${name} property needs value="..."`, p.nameRange);
    }
    values.set(name, { value: valueAttr?.value.trim(), element: inline, at: p });
  }

  const text = (name: string) => values.get(name)?.value || undefined;
  const rangeOf = (name: string) => {
    const at = values.get(name)?.at;
    return at ? (attrNode(at, 'value')?.valueRange ?? at.nameRange) : undefined;
  };

  const rawTarget = text('injectTo')?.toLowerCase() ?? 'main';
  const injectTo = TARGETS.find((t) => t === rawTarget) ?? 'main';
  if (injectTo !== rawTarget) invalid(`injectTo '${text('injectTo')}' is not sequence, proxy or main; MI injects into the main sequence`, rangeOf('injectTo'), 'warning');

  const rawFormat = text('format')?.toLowerCase();
  const format = FORMATS.find((f) => f === rawFormat);
  if (rawFormat !== undefined && !format) invalid(`format '${text('format')}' is not soap11, soap12, pox or get; MI injects the message as if no format were given`, rangeOf('format'), 'warning');

  const message = values.get('message')?.element;
  const registryKey = text('registryKey');
  if (!message && !registryKey && !values.has('message')) {
    invalid(`the task needs a message property (inline XML) or a registryKey: MI fails every run of a MessageInjector without one`, root.nameRange);
  }
  const sequenceName = text('sequenceName');
  if (injectTo === 'sequence' && !sequenceName) {
    invalid(`injectTo is sequence, so the task needs a sequenceName property`, rangeOf('injectTo'));
  }
  const proxyName = text('proxyName');
  if (injectTo === 'proxy' && !proxyName) {
    invalid(`injectTo is proxy, so the task needs a proxyName property`, rangeOf('injectTo'));
  }

  if (found.refusal || !trigger) return { problems, refusal: found.refusal };
  return {
    problems,
    task: { name: artifact.name, trigger, injectTo, sequenceName, proxyName, message, registryKey, format, soapAction: text('soapAction'), to: text('to') },
  };
}

/**
 * TaskDescriptionFactory's reading of `<trigger>`: no trigger, or no interval and no cron, runs once;
 * `once="true"` runs once; `interval` is in seconds; cron and interval together are refused.
 */
function readTrigger(root: XmlElement, invalid: (message: string, range: Range | undefined, severity?: Severity) => void): TaskTrigger | undefined {
  const el = child(root, 'trigger');
  const once: TaskTrigger = { kind: 'simple', intervalMs: MIN_TASK_INTERVAL_MS, count: 1 };
  if (!el) return once;
  const whole = (name: string): number | undefined | null => {
    const a = attrNode(el, name);
    if (!a) return undefined;
    if (/^-?\d+$/.test(a.value.trim())) return Number(a.value.trim());
    invalid(`trigger ${name} must be a whole number, not '${a.value}'`, a.valueRange);
    return null;
  };
  let count = whole('count');
  const interval = whole('interval');
  if (count === null || interval === null) return undefined;
  let intervalMs = interval === undefined ? 0 : interval * 1000;
  if (attrNode(el, 'once')?.value.trim() === 'true') {
    count = 1;
    intervalMs = MIN_TASK_INTERVAL_MS;
  }
  const cron = attrNode(el, 'cron');
  if (cron) {
    if (intervalMs > 0) {
      invalid(`the trigger has both cron and a simple schedule (interval or once); MI refuses it: keep one`, cron.valueRange);
      return undefined;
    }
    const error = quartzCronError(cron.value);
    if (error) {
      invalid(`cron '${cron.value}' is not a Quartz cron expression: ${error}`, cron.valueRange);
      return undefined;
    }
    return { kind: 'cron', expression: cron.value.trim() };
  }
  count ??= -1;
  if (interval === undefined && count > 1) {
    invalid(`a trigger with count ${count} needs an interval (in seconds)`, el.nameRange);
    return undefined;
  }
  if (intervalMs === 0) return once;
  if (intervalMs < MIN_TASK_INTERVAL_MS) {
    invalid(`trigger interval is in seconds and must be at least 1; MI refuses a shorter one`, attrNode(el, 'interval')?.valueRange);
    return undefined;
  }
  if (count < -1) {
    invalid(`trigger count must be -1 (for ever) or a number of runs, not ${count}`, attrNode(el, 'count')?.valueRange);
    return undefined;
  }
  if (count === 0) invalid(`trigger count 0: the task is scheduled but never runs (as in MI); use -1 to repeat for ever`, attrNode(el, 'count')?.valueRange, 'warning');
  return { kind: 'simple', intervalMs, count };
}
