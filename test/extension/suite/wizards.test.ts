import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MESSAGE_PROCESSOR_TYPES } from '../../../src/model/builders/message-processor';
import { MESSAGE_STORE_TYPES } from '../../../src/model/builders/message-store';
import { TEMPLATE_TYPES } from '../../../src/model/builders/template';
import { loadProject } from '../../../src/model/project';
import { validateProject } from '../../../src/model/validate';
import { localEntryView, messageProcessorView, messageStoreView, taskView, templateView } from '../../../src/model/views';
import { suite, test } from './harness';
import { api, workspaceRoot } from './helpers';

/** Problems the project has in the given file (every wizard must write a file that validates clean). */
async function problemsIn(file: string): Promise<string[]> {
  const project = await loadProject(workspaceRoot());
  return [...project.problems, ...validateProject(project)]
    .filter((p) => p.file !== undefined && path.resolve(workspaceRoot(), p.file) === file && p.severity !== 'info')
    .map((p) => `${p.code}: ${p.message}`);
}

async function run(command: string, values: Record<string, string>): Promise<string> {
  const file = await vscode.commands.executeCommand<string>(command, { values });
  assert.ok(file && existsSync(file), `${command} wrote a file`);
  return file;
}

suite('wizards', () => {
  test('New Sequence, New Endpoint and New API write files into the MI folders that validate clean', async () => {
    const seq = await run('conduit.newSequence', { name: 'AuditSequence', drop: 'true' });
    assert.equal(path.relative(workspaceRoot(), seq), 'src/main/wso2mi/artifacts/sequences/AuditSequence.xml');
    assert.match(readFileSync(seq, 'utf8'), /<drop\/>/);
    const ep = await run('conduit.newEndpoint', { name: 'AuditEP', type: 'http', uri: 'http://localhost:9090/audit/{uri.var.id}', method: 'put' });
    assert.match(readFileSync(ep, 'utf8'), /<http method="put" uri-template="http:\/\/localhost:9090\/audit\/\{uri.var.id\}">/);
    const apiFile = await run('conduit.newApi', { name: 'AuditAPI', context: '/audit', methods: 'GET POST', uriTemplate: '/entries/{id}' });
    assert.equal(path.relative(workspaceRoot(), apiFile), 'src/main/wso2mi/artifacts/apis/AuditAPI.xml');
    for (const f of [seq, ep, apiFile]) assert.deepEqual(await problemsIn(f), [], f);
    // The wizard opens what it wrote, at the name.
    assert.equal(vscode.window.activeTextEditor?.document.fileName, apiFile);
    const a = await api();
    assert.ok(a.allNodes().some((n) => n.type === 'artifact' && n.artifact.name === 'AuditAPI'), 'the explorer shows the new API');
  });

  test('New Message Store writes every one of its types with its class', async () => {
    for (const t of MESSAGE_STORE_TYPES) {
      const name = `Store_${t.type.replace(/-/g, '_')}`;
      const values: Record<string, string> = { type: t.type, name };
      if (t.type === 'custom') Object.assign(values, { class: 'com.example.store.AuditStore', parameters: 'audit.level=full' });
      const file = await run('conduit.newMessageStore', values);
      const project = await loadProject(workspaceRoot());
      const artifact = project.artifacts.find((a) => a.file === file)!;
      assert.ok(artifact, `${name} loads`);
      const view = messageStoreView(artifact);
      assert.equal(view.type, t.type, name);
      // A custom class is unknown to the validator by definition; it says so as a warning. A type the
      // runtime does not run is marked in the wizard and warned about in the runtime's words.
      const problems = (await problemsIn(file)).filter((p) => !(t.type === 'custom' && /CLASS_UNKNOWN/.test(p)));
      const unsupported = problems.filter((p) => /CONDUIT_STORE_UNSUPPORTED/.test(p));
      assert.equal(unsupported.length, t.detail ? 1 : 0, `${name}: ${problems.join('; ')}`);
      assert.deepEqual(problems.filter((p) => !unsupported.includes(p)), [], name);
    }
  });

  test('New Message Store refuses a taken name and a bad port before writing anything', async () => {
    await assert.rejects(
      async () => vscode.commands.executeCommand('conduit.newMessageStore', { values: { type: 'in-memory', name: 'PaymentRequestMessageStore' } }),
      /already exists/,
    );
    await assert.rejects(
      async () => vscode.commands.executeCommand('conduit.newMessageStore', { values: { type: 'rabbitmq', name: 'BadPortStore', 'store.rabbitmq.host.port': '99999' } }),
      /port/,
    );
    assert.equal(existsSync(path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/message-stores/BadPortStore.xml')), false);
  });

  test('New Message Processor writes all four types, referring to the project\'s store, sequence and endpoint', async () => {
    // They read a store of their own: on the tutorial's store they would compete with its processor for
    // the payment request of the Export and Run test, which runs later in the same workspace.
    const refs: Record<string, Record<string, string>> = {
      sampling: { messageStore: 'Store_in_memory', sequence: 'PaymentRequestProcessingSequence' },
      'scheduled-forwarding': { messageStore: 'Store_in_memory', targetEndpoint: 'SettlePaymentEP' },
      'failover-forwarding': { messageStore: 'Store_in_memory', 'message.target.store.name': 'Store_embedded' },
      custom: { messageStore: 'Store_in_memory', class: 'com.example.AuditProcessor', parameters: 'interval=5000' },
    };
    for (const t of MESSAGE_PROCESSOR_TYPES) {
      const name = `Processor_${t.type.replace(/-/g, '_')}`;
      const file = await run('conduit.newMessageProcessor', { type: t.type, name, ...refs[t.type] });
      const project = await loadProject(workspaceRoot());
      const view = messageProcessorView(project.artifacts.find((a) => a.file === file)!);
      assert.equal(view.kind, t.type, name);
      assert.equal(view.messageStore?.value, 'Store_in_memory');
      const problems = (await problemsIn(file)).filter((p) => !(t.type === 'custom' && /CLASS_UNKNOWN|UNSUPPORTED/.test(p)));
      assert.deepEqual(problems, [], name);
    }
  });

  test('a processor picker refuses a store the project does not have', async () => {
    await assert.rejects(
      async () => vscode.commands.executeCommand('conduit.newMessageProcessor', { values: { type: 'sampling', name: 'P2', messageStore: 'NoSuchStore' } }),
      /not one of/,
    );
  });

  /** The explorer node of an artifact and the description it shows, once the project has reloaded. */
  async function shown(kind: string, name: string): Promise<string | undefined> {
    const a = await api();
    const node = a.allNodes().find((n) => n.type === 'artifact' && n.artifact.kind === kind && n.artifact.name === name);
    assert.ok(node, `the explorer shows ${kind} ${name}`);
    const description = a.explorer.getTreeItem(node).description;
    return description === undefined ? undefined : String(description);
  }

  test('New Template writes a sequence template and both endpoint templates into templates/', async () => {
    const answers: Record<string, Record<string, string>> = {
      sequence: { parameters: 'orderId*, currency=EUR' },
      'http-endpoint': { uri: '$orders', method: 'post', parameters: 'timeout' },
      'address-endpoint': {},
    };
    for (const t of TEMPLATE_TYPES) {
      const name = `Template_${t.type.replace(/-/g, '_')}`;
      const file = await run('conduit.newTemplate', { type: t.type, name, ...answers[t.type] });
      assert.equal(path.relative(workspaceRoot(), file), `src/main/wso2mi/artifacts/templates/${name}.xml`);
      assert.deepEqual(await problemsIn(file), [], name);
      const project = await loadProject(workspaceRoot());
      const view = templateView(project.artifacts.find((a) => a.file === file)!);
      assert.equal(view.type, t.type === 'sequence' ? 'sequence' : 'endpoint', name);
      assert.equal(await shown('template', name), t.type === 'sequence' ? 'Sequence' : 'Endpoint');
    }
    const seq = readFileSync(path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/templates/Template_sequence.xml'), 'utf8');
    assert.match(seq, /<parameter name="orderId" isMandatory="true"\/>/);
    // The sample project targets MI 4.3, so the body reads the parameters the classic way.
    assert.match(seq, /<property name="orderId" expression="\$func:orderId"\/>/);
    const http = readFileSync(path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/templates/Template_http_endpoint.xml'), 'utf8');
    assert.match(http, /<parameter name="orders"\/>\s*<parameter name="timeout"\/>\s*<endpoint name="\$name">\s*<http method="post" uri-template="\$orders">/);
    assert.equal(vscode.window.activeTextEditor?.document.fileName, path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/templates/Template_address_endpoint.xml'));
  });

  test('New Template refuses a mandatory parameter with a default and a taken name', async () => {
    await assert.rejects(
      async () => vscode.commands.executeCommand('conduit.newTemplate', { values: { type: 'sequence', name: 'BadParams', parameters: 'a*=1' } }),
      /mandatory parameter takes no default/,
    );
    await assert.rejects(
      async () => vscode.commands.executeCommand('conduit.newTemplate', { values: { type: 'address-endpoint', name: 'Template_sequence' } }),
      /A template named Template_sequence already exists/,
    );
    assert.equal(existsSync(path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/templates/BadParams.xml')), false);
  });

  test('New Local Entry writes inline text, inline XML and a source URL into local-entries/', async () => {
    const entries: Array<{ expect: string; values: Record<string, string> }> = [
      { expect: 'Text', values: { type: 'text', name: 'HospitalRegion', value: 'eu-west <primary>' } },
      { expect: 'XML', values: { type: 'xml', name: 'HospitalConfig', value: '<config><region>eu</region></config>' } },
      { expect: 'Source URL', values: { type: 'src', name: 'HospitalTransform', src: 'file:repository/samples/resources/transform.xslt' } },
    ];
    for (const { expect, values } of entries) {
      const file = await run('conduit.newLocalEntry', values);
      assert.equal(path.relative(workspaceRoot(), file), `src/main/wso2mi/artifacts/local-entries/${values.name}.xml`);
      assert.deepEqual(await problemsIn(file), [], values.name);
      const project = await loadProject(workspaceRoot());
      const view = localEntryView(project.artifacts.find((a) => a.file === file)!);
      assert.equal(view.key?.value, values.name);
      assert.equal(view.type, values.type);
      assert.equal(await shown('localEntry', values.name), expect);
    }
    const text = readFileSync(path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/local-entries/HospitalRegion.xml'), 'utf8');
    assert.match(text, /<localEntry key="HospitalRegion" xmlns="http:\/\/ws.apache.org\/ns\/synapse"><!\[CDATA\[eu-west <primary>\]\]><\/localEntry>/);
    await assert.rejects(
      async () => vscode.commands.executeCommand('conduit.newLocalEntry', { values: { type: 'xml', name: 'Broken', value: '<a><b></a>' } }),
      /well-formed/,
    );
  });

  test('New Scheduled Task injects JSON or XML into a project sequence, on an interval or a Quartz cron', async () => {
    const json = await run('conduit.newTask', {
      type: 'interval', name: 'PaymentReportTask', interval: '10', count: '3', sequenceName: 'PaymentRequestProcessingSequence', message: '{"report": "payments"}',
    });
    assert.equal(path.relative(workspaceRoot(), json), 'src/main/wso2mi/artifacts/tasks/PaymentReportTask.xml');
    const xml = await run('conduit.newTask', {
      type: 'cron', name: 'NightlyAuditTask', cron: '0 30 1 * * ?', sequenceName: 'PaymentRequestProcessingSequence', message: '<audit scope="nightly"/>',
    });
    for (const f of [json, xml]) assert.deepEqual(await problemsIn(f), [], f);
    const project = await loadProject(workspaceRoot());
    const task = taskView(project.artifacts.find((a) => a.file === json)!);
    assert.equal(task.className?.value, 'org.apache.synapse.startup.tasks.MessageInjector');
    assert.equal(task.properties.find((p) => p.name === 'sequenceName')?.value, 'PaymentRequestProcessingSequence');
    assert.match(readFileSync(json, 'utf8'), /<property xmlns:task="http:\/\/www.wso2.org\/products\/wso2commons\/tasks" name="message">\s*<jsonObject xmlns="">\s*<report>payments<\/report>/);
    assert.match(readFileSync(xml, 'utf8'), /<trigger cron="0 30 1 \* \* \?"\/>[\s\S]*<audit xmlns="" scope="nightly"\/>/);
    assert.equal(await shown('task', 'PaymentReportTask'), 'every 10 s × 3');
    assert.equal(await shown('task', 'NightlyAuditTask'), 'cron 0 30 1 * * ?');
  });

  test('New Scheduled Task refuses a five-field cron, a sequence the project lacks and a taken name', async () => {
    const refused = async (values: Record<string, string>, why: RegExp) =>
      assert.rejects(async () => vscode.commands.executeCommand('conduit.newTask', { values }), why);
    await refused({ type: 'cron', name: 'CronTask', cron: '*/5 * * * *', sequenceName: 'PaymentRequestProcessingSequence' }, /6 or 7 fields/);
    await refused({ type: 'interval', name: 'LostTask', sequenceName: 'NoSuchSequence' }, /not one of/);
    await refused({ type: 'interval', name: 'PaymentReportTask', sequenceName: 'PaymentRequestProcessingSequence' }, /A scheduled task named PaymentReportTask already exists/);
    assert.equal(existsSync(path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/tasks/CronTask.xml')), false);
  });

  test('Create Project writes the MI layout with a pom that the model loads', async () => {
    const parent = path.join(workspaceRoot(), 'target', 'new-projects');
    const root = await vscode.commands.executeCommand<string>('conduit.createProject', {
      parent,
      noOpen: true,
      values: { name: 'OrdersIntegration', groupId: 'com.example.orders', version: '2.1.0' },
    });
    assert.equal(root, path.join(parent, 'OrdersIntegration'));
    assert.ok(existsSync(path.join(root, 'src/main/wso2mi/artifacts/message-stores')));
    const project = await loadProject(root);
    assert.equal(project.layout, 'mi');
    assert.equal(project.name, 'OrdersIntegration');
    assert.equal(project.version, '2.1.0');
    assert.equal(project.runtimeVersion, '4.4.0');
  });
});
