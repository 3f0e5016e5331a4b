import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../../src/extension/views/project-explorer';
import { suite, test } from './harness';
import { api, until, workspaceRoot } from './helpers';

const label = (api: Awaited<ReturnType<typeof import('./helpers').api>>, n: ExplorerNode) => {
  const item = api.explorer.getTreeItem(n);
  return { label: String(item.label), description: item.description === undefined ? undefined : String(item.description), context: item.contextValue };
};

suite('project explorer', () => {
  test('lists the store-and-forward tutorial artifacts by kind, with store and processor types', async () => {
    const a = await api();
    const roots = a.explorer.getChildren();
    assert.equal(roots.length, 1);
    assert.equal(label(a, roots[0]).label, 'HealthcareIntegration');
    const groups = a.explorer.getChildren(roots[0]).map((g) => label(a, g));
    assert.deepEqual(
      groups.map((g) => g.label),
      ['APIs', 'Endpoints', 'Sequences', 'Message Stores', 'Message Processors', 'Local Entries', 'Templates', 'Scheduled Tasks', 'Proxy Services', 'Registry Resources'],
    );
    const items = a.allNodes().map((n) => label(a, n));
    const under = (context: string) => items.filter((i) => i.context === context);
    assert.deepEqual(under('artifact-api').map((i) => i.label), ['HealthcareAPI']);
    assert.deepEqual(
      under('artifact-endpoint').map((i) => i.label),
      ['ChannelingFeeEP', 'ClemencyEP', 'GrandOakEP', 'PineValleyEP', 'QueryDoctorEP', 'SettlePaymentEP'],
    );
    assert.deepEqual(under('artifact-sequence').map((i) => i.label), ['PaymentRequestProcessingSequence']);
    assert.deepEqual(under('artifact-messageStore'), [{ label: 'PaymentRequestMessageStore', description: 'RabbitMQ', context: 'artifact-messageStore' }]);
    assert.deepEqual(under('artifact-messageProcessor'), [
      { label: 'PaymentRequestProcessor', description: 'Sampling · PaymentRequestMessageStore', context: 'artifact-messageProcessor' },
    ]);
    const resources = under('apiResource').map((i) => `${i.description} ${i.label}`);
    assert.ok(resources.includes('POST /categories/{category}/reserve'), resources.join(', '));
    assert.ok(under('registryResource').some((i) => i.label === 'RequestMapping.dmc'));
  });

  test('clicking an artifact opens its file at the name', async () => {
    const a = await api();
    const node = a.allNodes().find((n) => n.type === 'artifact' && n.artifact.name === 'SettlePaymentEP')!;
    const cmd = a.explorer.getTreeItem(node).command!;
    await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
    const editor = await until(() => vscode.window.activeTextEditor, 'an editor');
    assert.ok(editor.document.fileName.endsWith('SettlePaymentEP.xml'));
    assert.equal(editor.document.getText(editor.selection), 'SettlePaymentEP');
  });

  test('a file written outside the editor shows up (file watcher) and Delete removes it', async () => {
    const a = await api();
    const file = path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/sequences/WatchedSequence.xml');
    writeFileSync(file, '<sequence name="WatchedSequence" xmlns="http://ws.apache.org/ns/synapse"><log/></sequence>\n');
    const node = await until(
      () => a.allNodes().find((n) => n.type === 'artifact' && n.artifact.name === 'WatchedSequence'),
      'the watcher to pick up WatchedSequence',
    );
    assert.equal(await vscode.commands.executeCommand('conduit.deleteArtifact', node, { confirmed: true }), true);
    assert.equal(a.allNodes().some((n) => n.type === 'artifact' && n.artifact.name === 'WatchedSequence'), false);
  });
});
