import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MESSAGE_PROCESSOR_TYPES } from '../../../src/model/builders/message-processor';
import { MESSAGE_STORE_TYPES } from '../../../src/model/builders/message-store';
import { loadProject } from '../../../src/model/project';
import { validateProject } from '../../../src/model/validate';
import { messageProcessorView, messageStoreView } from '../../../src/model/views';
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

  test('New Message Store writes every one of the seven types with its class', async () => {
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
      // A custom class is unknown to the validator by definition; it says so as a warning.
      const problems = (await problemsIn(file)).filter((p) => !(t.type === 'custom' && /CLASS_UNKNOWN/.test(p)));
      assert.deepEqual(problems, [], name);
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
    const refs: Record<string, Record<string, string>> = {
      sampling: { messageStore: 'PaymentRequestMessageStore', sequence: 'PaymentRequestProcessingSequence' },
      'scheduled-forwarding': { messageStore: 'PaymentRequestMessageStore', targetEndpoint: 'SettlePaymentEP' },
      'failover-forwarding': { messageStore: 'PaymentRequestMessageStore', 'message.target.store.name': 'Store_in_memory' },
      custom: { messageStore: 'PaymentRequestMessageStore', class: 'com.example.AuditProcessor', parameters: 'interval=5000' },
    };
    for (const t of MESSAGE_PROCESSOR_TYPES) {
      const name = `Processor_${t.type.replace(/-/g, '_')}`;
      const file = await run('conduit.newMessageProcessor', { type: t.type, name, ...refs[t.type] });
      const project = await loadProject(workspaceRoot());
      const view = messageProcessorView(project.artifacts.find((a) => a.file === file)!);
      assert.equal(view.kind, t.type, name);
      assert.equal(view.messageStore?.value, 'PaymentRequestMessageStore');
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
