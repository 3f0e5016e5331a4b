import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './harness';
import { extension } from './helpers';

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
