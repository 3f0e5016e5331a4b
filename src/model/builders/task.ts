/**
 * Scheduled tasks that inject a message into a sequence (`MessageInjector`), as MI's tooling writes them:
 * a simple (interval in seconds, optional count) or Quartz cron trigger, and properties carrying the
 * `task:` namespace declaration that name the sequence and hold the message. MessageInjector takes the
 * message only as an XML element, so a JSON message is written as the `<jsonObject>` (or `<jsonArray>`)
 * element MI builds from a JSON body; it goes out as that JSON again once the flow sends it as JSON.
 */
import { DOMImplementation, XMLSerializer } from '@xmldom/xmldom';
import { jsonToXml } from '../json/json-xml';
import { MESSAGE_INJECTOR } from '../task-definition';
import { quartzCronError } from '../validate/quartz-cron';
import { el, type XmlElement } from '../xml';
import { checkFields, checkInteger, checkName, type Field } from './fields';
import { checkInlineXml, inlineXml, synapseRoot } from './synapse-element';

/** The group MI puts every task in unless told otherwise. */
export const TASK_GROUP = 'synapse.simple.quartz';
export const TASK_PROPERTY_NS = 'http://www.wso2.org/products/wso2commons/tasks';

export type TaskTrigger = 'interval' | 'cron';

/** A message typed by the user: XML when it starts with `<`, JSON (an object or array) otherwise. */
export function checkTaskMessage(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'A message is required (an empty one is {} or <message/>)';
  if (v.startsWith('<')) return checkInlineXml(v);
  try {
    const parsed: unknown = JSON.parse(v);
    return typeof parsed === 'object' && parsed !== null ? undefined : 'Enter a JSON object or array, or one XML element';
  } catch (err) {
    return `Not JSON: ${(err as Error).message}`;
  }
}

const common: readonly Field[] = [
  { name: 'sequenceName', label: 'Inject into sequence', source: { kind: 'artifact', artifact: 'sequence' }, required: true },
  { name: 'message', label: 'Message (JSON or XML)', source: { kind: 'text' }, defaultValue: '{}', required: true, check: checkTaskMessage,
    hint: 'e.g. {"report": "daily"} or <report type="daily"/>' },
];

export interface TaskTriggerInfo {
  type: TaskTrigger;
  label: string;
  description: string;
  fields: readonly Field[];
}

export const TASK_TRIGGERS: readonly TaskTriggerInfo[] = [
  {
    type: 'interval',
    label: 'Interval',
    description: 'Every N seconds, a number of times or until the runtime stops',
    fields: [
      { name: 'interval', label: 'Interval (seconds)', source: { kind: 'text' }, defaultValue: '5', required: true, check: checkInteger(1) },
      { name: 'count', label: 'Number of runs', source: { kind: 'text' }, defaultValue: '', check: checkInteger(1), hint: 'Empty: until the runtime stops' },
      ...common,
    ],
  },
  {
    type: 'cron',
    label: 'Cron',
    description: 'On a Quartz cron schedule',
    fields: [
      { name: 'cron', label: 'Quartz cron expression', source: { kind: 'text' }, defaultValue: '0 0/5 * * * ?', required: true,
        check: (v) => (v.trim() === '' ? undefined : quartzCronError(v)), hint: 'Seconds first, e.g. 0 0/5 * * * ? (every five minutes) or 0 30 1 * * ? (01:30 daily)' },
      ...common,
    ],
  },
];

export interface TaskState {
  name: string;
  trigger: TaskTrigger;
  /** `interval`, `count`, `cron`, `sequenceName`, `message`; missing ones take the field's default. */
  values?: Record<string, string>;
}

const property = (name: string, value: string | undefined, content: XmlElement[] = []) =>
  el('property', { 'xmlns:task': TASK_PROPERTY_NS, name, value }, content);

/** The message as the element MessageInjector injects: the XML itself, or MI's XML form of the JSON. */
function messageElement(message: string): XmlElement {
  if (message.startsWith('<')) return inlineXml(message);
  const doc = new DOMImplementation().createDocument(null, 'message', null);
  return inlineXml(new XMLSerializer().serializeToString(jsonToXml(doc, JSON.parse(message), message)));
}

export function buildTask(state: TaskState): XmlElement {
  const info = TASK_TRIGGERS.find((t) => t.type === state.trigger);
  if (!info) throw new Error(`unknown trigger ${state.trigger}`);
  const value = (name: string) => (state.values?.[name] ?? info.fields.find((f) => f.name === name)?.defaultValue ?? '').trim();
  const problem = checkName(state.name) ?? Object.values(checkFields(info.fields, state.values ?? {}))[0];
  if (problem) throw new Error(`scheduled task: ${problem}`);
  const trigger =
    state.trigger === 'cron' ? el('trigger', { cron: value('cron') }) : el('trigger', { count: value('count') || undefined, interval: value('interval') });
  return synapseRoot('task', { class: MESSAGE_INJECTOR, group: TASK_GROUP, name: state.name }, [
    trigger,
    property('message', undefined, [messageElement(value('message'))]),
    property('injectTo', 'sequence'),
    property('sequenceName', value('sequenceName')),
  ]);
}
