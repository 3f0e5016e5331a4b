import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { suite, test } from './harness';
import { api, extension, until, workspaceRoot } from './helpers';

suite('activation', () => {
  test('the extension activates in the workspace and registers its commands', async () => {
    const ext = await extension();
    assert.ok(ext.isActive);
    const commands = await vscode.commands.getCommands(true);
    const declared = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    assert.ok(declared.length > 5);
    for (const c of declared) assert.ok(commands.includes(c), `${c} is registered`);
  });
});

suite('language client', () => {
  test('starts dist/server.js and shows its diagnostics for a project XML file', async () => {
    const a = await api();
    await until(() => a.languageClientRunning(), 'the language client to start');
    const file = path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/sequences/BrokenReference.xml');
    writeFileSync(file, '<sequence name="BrokenReference" xmlns="http://ws.apache.org/ns/synapse">\n    <call><endpoint key="NoSuchEndpoint"/></call>\n</sequence>\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const diagnostics = await until(() => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.length > 0 ? d : undefined;
    }, 'diagnostics for BrokenReference.xml');
    assert.ok(diagnostics.some((d) => String(typeof d.code === 'object' ? d.code.value : d.code).startsWith('CONDUIT_')), JSON.stringify(diagnostics));
    rmSync(file);
    // Later suites count the tutorial's artifacts: wait until the watcher has seen the file go.
    await until(() => !a.ctx.project?.artifacts.some((x) => x.name === 'BrokenReference'), 'the project to drop BrokenReference');
  });
});
