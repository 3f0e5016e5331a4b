import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readArtifact } from './artifacts';
import { readTask } from './task-definition';
import type { Artifact } from './types';
import { ProjectIndex } from './validate/project-index';
import { validateArtifact } from './validate/validate';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';
const T = 'xmlns:task="http://www.wso2.org/products/wso2commons/tasks"';
const INJECTOR = 'org.apache.synapse.startup.tasks.MessageInjector';

function task(body: string, cls = INJECTOR): Artifact {
  const { artifact } = readArtifact('/p/tasks/T.xml', `<task ${S} name="T" class="${cls}" group="synapse.simple.quartz">${body}</task>`);
  assert.ok(artifact);
  return artifact;
}

const toSequence = `<property ${T} name="injectTo" value="sequence"/><property ${T} name="sequenceName" value="Seq"/>`;
const message = `<property ${T} name="message"><request xmlns=""><city>London</city></request></property>`;

function codes(a: Artifact): string[] {
  return readTask(a).problems.map((p) => `${p.severity} ${p.code}`);
}

test('the tutorial task: every 5 s for ever into a sequence, its inline XML as the message', () => {
  const r = readTask(task(`<trigger count="-1" interval="5"/>${message}${toSequence}`));
  assert.deepEqual(r.problems, []);
  assert.equal(r.refusal, undefined);
  assert.deepEqual(r.task?.trigger, { kind: 'simple', intervalMs: 5000, count: -1 });
  assert.equal(r.task?.injectTo, 'sequence');
  assert.equal(r.task?.sequenceName, 'Seq');
  assert.equal(r.task?.message?.local, 'request');
});

test('triggers read as TaskDescriptionFactory does', () => {
  const trig = (t: string) => readTask(task(`${t}${message}${toSequence}`)).task?.trigger;
  assert.deepEqual(trig(''), { kind: 'simple', intervalMs: 1000, count: 1 }, 'no trigger runs once');
  assert.deepEqual(trig('<trigger once="true"/>'), { kind: 'simple', intervalMs: 1000, count: 1 });
  assert.deepEqual(trig('<trigger interval="0"/>'), { kind: 'simple', intervalMs: 1000, count: 1 }, 'no interval and no cron runs once');
  assert.deepEqual(trig('<trigger interval="2"/>'), { kind: 'simple', intervalMs: 2000, count: -1 }, 'count defaults to for ever');
  assert.deepEqual(trig('<trigger interval="1" count="3"/>'), { kind: 'simple', intervalMs: 1000, count: 3 });
  assert.deepEqual(trig('<trigger cron="0/5 * * * * ?"/>'), { kind: 'cron', expression: '0/5 * * * * ?' });
});

test('triggers MI refuses are errors the runtime refuses too', () => {
  for (const t of ['<trigger cron="* * * * * ?" interval="5"/>', '<trigger cron="* * * * *"/>', '<trigger interval="1.5"/>', '<trigger count="3"/>', '<trigger interval="-1"/>', '<trigger interval="5" count="-2"/>']) {
    const r = readTask(task(`${t}${message}${toSequence}`));
    assert.equal(r.refusal?.code, 'CONDUIT_TASK_CONFIG_INVALID', t);
    assert.equal(r.task, undefined, t);
  }
  const never = readTask(task(`<trigger interval="5" count="0"/>${message}${toSequence}`));
  assert.deepEqual(codes(task(`<trigger interval="5" count="0"/>${message}${toSequence}`)), ['warning CONDUIT_TASK_CONFIG_INVALID']);
  assert.deepEqual(never.task?.trigger, { kind: 'simple', intervalMs: 5000, count: 0 }, 'count 0 deploys and never runs, as in MI');
});

test('MessageInjector properties: what MI refuses, ignores, or Conduit cannot run', () => {
  const valueMessage = readTask(task(`<property ${T} name="message" value="{&quot;a&quot;:1}"/>${toSequence}`));
  assert.equal(valueMessage.refusal?.code, 'CONDUIT_TASK_CONFIG_INVALID');
  assert.match(valueMessage.refusal!.message, /inline XML/);

  assert.equal(readTask(task(toSequence)).refusal?.code, 'CONDUIT_TASK_CONFIG_INVALID', 'no message and no registryKey');
  assert.equal(readTask(task(`${message}<property ${T} name="injectTo" value="sequence"/>`)).refusal?.code, 'CONDUIT_TASK_CONFIG_INVALID', 'no sequenceName');

  const prefixed = readTask(task(`${message}<task:property ${T} name="injectTo" value="sequence"/><property ${T} name="sequenceName" value="Seq"/>`));
  assert.match(prefixed.refusal!.message, /only in the Synapse namespace/);

  const unknown = readTask(task(`${message}${toSequence}<property ${T} name="sequencename" value="x"/>`));
  assert.deepEqual(unknown.problems.map((p) => p.severity), ['warning']);
  assert.match(unknown.problems[0].message, /did you mean 'sequenceName'/);
  assert.ok(unknown.task, 'an unknown property is ignored');

  const proxy = readTask(task(`${message}<property ${T} name="injectTo" value="proxy"/><property ${T} name="proxyName" value="P"/>`));
  assert.equal(proxy.refusal, undefined);
  assert.equal(proxy.task?.proxyName, 'P');
  assert.equal(readTask(task(`${message}<property ${T} name="injectTo" value="proxy"/>`)).refusal?.code, 'CONDUIT_TASK_CONFIG_INVALID', 'no proxyName');

  const custom = readTask(task('<trigger interval="5"/>', 'org.example.PlaceOrderTask'));
  assert.equal(custom.refusal?.code, 'CONDUIT_UNSUPPORTED');
  assert.match(custom.refusal!.message, /custom class/);

  const reg = readTask(task(`<property ${T} name="registryKey" value="conf:/payload.xml"/><property ${T} name="format" value="pox"/>${toSequence}`));
  assert.equal(reg.task?.registryKey, 'conf:/payload.xml');
  assert.equal(reg.task?.format, 'pox');
});

test('the validator reports what the runtime refuses, and a main sequence the project lacks', () => {
  const main = task(`<trigger interval="5"/>${message}<property ${T} name="to" value="http://localhost:9000/services/Quote"/>`);
  const index = ProjectIndex.of({ artifacts: [main], registry: new Map() });
  const problems = validateArtifact(main, index).map((p) => p.code);
  assert.deepEqual(problems, ['CONDUIT_UNSUPPORTED']);

  const bad = task(`<trigger cron="* * * * * ?" interval="5"/>${message}${toSequence}`);
  assert.ok(validateArtifact(bad, index).some((p) => p.code === 'CONDUIT_TASK_CONFIG_INVALID' && p.severity === 'error'));
});

test('a task names its sequence and registry payload, and nothing inside its message payload', () => {
  const t = task(
    `<property ${T} name="message"><order xmlns=""><endpoint key="NotAnEndpoint"/></order></property>` +
      `<property ${T} name="registryKey" value="conf:/missing.xml"/>${toSequence}`,
  );
  const index = ProjectIndex.of({ artifacts: [t], registry: new Map() });
  const refs = validateArtifact(t, index).filter((p) => p.code === 'CONDUIT_REFERENCE_UNRESOLVED' || p.code === 'CONDUIT_REGISTRY_NOT_FOUND');
  assert.deepEqual(refs.map((p) => p.message), [
    "registry key 'conf:/missing.xml' names /_system/config/missing.xml, which is not among the project's registry resources",
    "there is no sequence named 'Seq' in the project",
  ]);
});
