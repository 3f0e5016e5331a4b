import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectFromXml } from '../../../test/helpers/project-from-xml';
import { validateProject } from '../validate';
import { taskView } from '../views';
import { child, elements, parseXml, SYNAPSE_NS, textOf } from '../xml';
import { checkFields } from './fields';
import { artifactText } from './synapse-element';
import { MESSAGE_INJECTOR } from '../task-definition';
import { buildTask, TASK_PROPERTY_NS, TASK_TRIGGERS, type TaskState } from './task';

const read = (state: TaskState) => {
  const text = artifactText(buildTask(state));
  const doc = parseXml(text);
  assert.deepEqual(doc.errors, []);
  return { text, view: taskView(doc.root!) };
};
const prop = (view: ReturnType<typeof taskView>, name: string) => view.properties.find((p) => p.name === name);

test('task: an interval trigger with a count, injecting JSON into a sequence as MI\'s XML form of it', () => {
  const { text, view } = read({ name: 'ReportTask', trigger: 'interval', values: { interval: '10', count: '3', sequenceName: 'ReportSequence', message: ' {"report": "daily"} ' } });
  assert.equal(view.className?.value, MESSAGE_INJECTOR);
  assert.equal(view.group?.value, 'synapse.simple.quartz');
  assert.equal(view.trigger?.interval?.value, '10');
  assert.equal(view.trigger?.count?.value, '3');
  assert.equal(prop(view, 'injectTo')?.value, 'sequence');
  assert.equal(prop(view, 'sequenceName')?.value, 'ReportSequence');
  assert.equal(prop(view, 'message')?.value, undefined);
  assert.ok(view.properties.every((p) => p.element.nsDecls.task === TASK_PROPERTY_NS));
  assert.match(text, /<trigger count="3" interval="10"\/>/);
  assert.match(text, /<property xmlns:task="http:\/\/www.wso2.org\/products\/wso2commons\/tasks" name="message">\s*<jsonObject xmlns="">\s*<report>daily<\/report>\s*<\/jsonObject>\s*<\/property>/);
});

test('task: a cron trigger, XML message as the property content outside the Synapse namespace; no count when none given', () => {
  const { view } = read({ name: 'Nightly', trigger: 'cron', values: { cron: '0 30 1 * * ?', sequenceName: 'S', message: '<report type="nightly"/>' } });
  assert.equal(view.trigger?.cron?.value, '0 30 1 * * ?');
  assert.equal(view.trigger?.interval, undefined);
  const message = child(prop(view, 'message')!.element, 'report')!;
  assert.equal(message.ns, '');
  assert.equal(prop(view, 'message')?.value, undefined);
  const forever = read({ name: 'Forever', trigger: 'interval', values: { sequenceName: 'S' } });
  assert.equal(forever.view.trigger?.count, undefined);
  assert.equal(forever.view.trigger?.interval?.value, '5');
  assert.equal(child(prop(forever.view, 'message')!.element, 'jsonObject')?.ns, '');
  const list = read({ name: 'List', trigger: 'interval', values: { sequenceName: 'S', message: '[{"id": 1}, {"id": 2}]' } });
  assert.deepEqual(elements(child(prop(list.view, 'message')!.element, 'jsonArray')!, 'jsonElement').map((e) => textOf(child(e, 'id')!)), ['1', '2']);
});

test('task fields: the Quartz cron check, interval, count and message are checked as typed', () => {
  const [interval, cron] = TASK_TRIGGERS;
  assert.match(checkFields(cron.fields, { cron: '*/5 * * * *', sequenceName: 'S' }).cron, /6 or 7 fields/);
  assert.deepEqual(checkFields(cron.fields, { cron: '0 0/5 * * * ?', sequenceName: 'S' }), {});
  assert.match(checkFields(interval.fields, { interval: '0', sequenceName: 'S' }).interval, /at least 1/);
  assert.match(checkFields(interval.fields, { count: 'x', sequenceName: 'S' }).count, /whole number/);
  assert.match(checkFields(interval.fields, { sequenceName: 'S', message: '{"a": }' }).message, /Not JSON/);
  assert.match(checkFields(interval.fields, { sequenceName: 'S', message: '42' }).message, /object or array/);
  assert.match(checkFields(interval.fields, { sequenceName: 'S', message: '<a>' }).message, /well-formed/);
  assert.match(checkFields(interval.fields, {}).sequenceName, /required/);
  assert.throws(() => buildTask({ name: 'T', trigger: 'cron', values: { cron: '61 * * * * ?', sequenceName: 'S' } }), /scheduled task/);
});

test('every trigger and message kind validates clean against the sequence it injects into', () => {
  const tasks: TaskState[] = [
    { name: 'JsonTask', trigger: 'interval', values: { count: '2', sequenceName: 'ReportSequence', message: '[1, 2]' } },
    { name: 'XmlTask', trigger: 'cron', values: { sequenceName: 'ReportSequence', message: '<m:report xmlns:m="urn:r"><m:day>1</m:day></m:report>' } },
  ];
  const files = Object.fromEntries(tasks.map((t) => [`tasks/${t.name}.xml`, artifactText(buildTask(t))]));
  files['sequences/ReportSequence.xml'] = `<sequence name="ReportSequence" xmlns="${SYNAPSE_NS}"><log level="full"/><drop/></sequence>`;
  const project = projectFromXml(files);
  assert.equal(project.artifacts.length, 3);
  assert.deepEqual([...project.problems, ...validateProject(project)].filter((p) => p.severity !== 'info'), []);
  // The reference is checked: without the sequence the same task is reported.
  const orphan = projectFromXml({ 'tasks/JsonTask.xml': files['tasks/JsonTask.xml'] });
  assert.match(validateProject(orphan).map((p) => p.message).join('\n'), /no sequence named 'ReportSequence'/);
});
