/**
 * What the wizards write runs: artifacts built by the model's builders deploy on the runtime and do what
 * the wizard promised.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApi } from '../../src/model/builders/api';
import { artifactText } from '../../src/model/builders/synapse-element';
import { buildTask } from '../../src/model/builders/task';
import { SYNAPSE_NS } from '../../src/model/xml';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime } from '../../src/runtime/runtime';
import { projectFromXml } from '../helpers/project-from-xml';

test('mi44 style: the built API runs and logs the substituted path parameter', async (t) => {
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0 });
  t.after(() => rt.stop());
  const report = await rt.deploy(projectFromXml({ 'apis/OrdersAPI.xml': artifactText(buildApi({
    name: 'OrdersAPI',
    context: '/orders',
    resources: [{ methods: ['GET'], uriTemplate: '/{id}' }, { methods: ['POST', 'PUT'], uriTemplate: '/{id}/lines?sku={sku}' }, { methods: ['DELETE'] }],
    expressionStyle: 'mi44',
  })) }));
  assert.deepEqual(report.failed, [], logger.lines().join('\n'));

  const res = await rt.inject({ method: 'GET', url: '/orders/17' });
  assert.equal(res.status, 200, res.text);
  const lines = await rt.inject({ method: 'PUT', url: '/orders/17/lines?sku=A-100', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(lines.status, 200, lines.text);
  const logged = logger.records.filter((r) => r.category === 'LogMediator').map((r) => `${r.level} ${r.message}`);
  assert.deepEqual(logged, [
    'INFO {api:OrdersAPI GET /orders/17} GET /orders/17',
    'INFO {api:OrdersAPI PUT /orders/17/lines?sku=A-100} POST PUT /orders/17/lines?sku=A-100',
  ]);
});

test('the built tasks run: the runtime injects the JSON and the XML message into the sequence', async (t) => {
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0 });
  t.after(() => rt.stop());
  const report = await rt.deploy(projectFromXml({
    'sequences/ReportSequence.xml': `<sequence name="ReportSequence" xmlns="${SYNAPSE_NS}"><log level="custom"><property name="report" expression="//report"/></log><drop/></sequence>`,
    'tasks/JsonTask.xml': artifactText(buildTask({ name: 'JsonTask', trigger: 'interval', values: { interval: '1', count: '1', sequenceName: 'ReportSequence', message: '{"report": "json"}' } })),
    'tasks/XmlTask.xml': artifactText(buildTask({ name: 'XmlTask', trigger: 'interval', values: { interval: '1', count: '1', sequenceName: 'ReportSequence', message: '<r><report>xml</report></r>' } })),
  }));
  assert.deepEqual(report.failed, [], logger.lines().join('\n'));
  await rt.start();
  const logged = () => logger.records.filter((r) => r.category === 'LogMediator').map((r) => r.message).sort();
  // Bounds how long a broken task makes the test wait; the assertion is on what was logged.
  for (const deadline = Date.now() + 10_000; logged().length < 2 && Date.now() < deadline; ) await sleep(20);
  assert.deepEqual(logged(), ['report = json', 'report = xml']);
});
