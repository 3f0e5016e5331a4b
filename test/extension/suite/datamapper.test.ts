import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { suite, test } from './harness';
import { api, until, workspaceRoot } from './helpers';

suite('TypeScript data mapper', () => {
  test('a type error in an MI 4.4 mapping (X.ts) is shown at its line in the editor, and cleared when fixed', async () => {
    const a = await api();
    await until(() => a.languageClientRunning(), 'the language client to start');
    const folder = path.join(workspaceRoot(), 'src/main/wso2mi/resources/datamapper/Greet');
    mkdirSync(folder, { recursive: true });
    try {
      writeFileSync(path.join(folder, 'dm-utils.ts'), 'export function concat(a: string, ...b: string[]): string {\n    return b.reduce((all, s) => all + s, a);\n}\n');
      const file = path.join(folder, 'Greet.ts');
      writeFileSync(
        file,
        [
          'import * as dmUtils from "./dm-utils";',
          '',
          '/**',
          ' * inputType : "JSON",',
          ' */',
          'interface InputRoot { name: string; age: number }',
          '',
          '/**',
          ' * outputType : "JSON",',
          ' */',
          'interface OutputRoot { greeting: string }',
          '',
          'export function mapFunction(input: InputRoot): OutputRoot {',
          '    return { greeting: dmUtils.concat("Hello, ", input.age) };',
          '}',
          '',
        ].join('\n'),
      );
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      const ours = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => String(typeof d.code === 'object' ? d.code.value : d.code).startsWith('CONDUIT_'));
      // dm-utils.ts may reach the server after Greet.ts (two watcher events): until it does, the import is unresolved.
      const d = await until(() => (ours().length === 1 && /TS2345/.test(ours()[0].message) ? ours()[0] : undefined), 'the type error as the only Conduit diagnostic on Greet.ts');
      assert.equal(String(typeof d.code === 'object' ? d.code.value : d.code), 'CONDUIT_DATAMAPPER_INVALID');
      const column = doc.lineAt(13).text.indexOf('input.age');
      assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.character], [13, column, column + 'input.age'.length]);
      assert.match(d.message, /TS2345: Argument of type 'number' is not assignable to parameter of type 'string'/);
      // Fixed in the editor, not yet saved: the server checks the text being typed.
      await editor.edit((e) => e.replace(new vscode.Range(13, column, 13, column + 'input.age'.length), 'input.name'));
      await until(() => (ours().length === 0 ? true : undefined), 'the diagnostic to clear');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
