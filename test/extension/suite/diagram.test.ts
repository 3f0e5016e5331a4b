import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiagramPanel } from '../../../src/extension/diagram/diagram-panel';
import type { DiagramHostMessage, DiagramWebviewMessage } from '../../../src/extension/diagram/protocol';
import { suite, test } from './harness';
import { api, until, workspaceRoot } from './helpers';

const API_FILE = () => path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/apis/HealthcareAPI.xml');

suite('flow diagram', () => {
  test('opens beside HealthcareAPI.xml, follows typing, selects the XML of a clicked node and highlights the node at the cursor', async () => {
    await api();
    const document = await vscode.workspace.openTextDocument(API_FILE());
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    // The editor title button shows for the file: the context key it needs is set.
    const panel = (await vscode.commands.executeCommand('conduit.openDiagram', document.uri)) as DiagramPanel;
    assert.ok(panel, 'the command gives the panel');
    const received: DiagramWebviewMessage[] = [];
    const posted: DiagramHostMessage[] = [];
    panel.onDidReceiveMessage((m) => received.push(m));
    panel.onDidPostMessage((m) => posted.push(m));

    // The webview's script ran under the panel's CSP and drew every mediator of both resources.
    const drawn = await until(() => received.find((m): m is Extract<DiagramWebviewMessage, { type: 'rendered' }> => m.type === 'rendered'), 'the webview to draw');
    const stepCount = () => panel.diagram!.layout.nodes.filter((n) => n.shape === 'step').length;
    // Every mediator of the file (27 in the tutorial, more if an earlier suite added some) is in the webview's DOM.
    assert.ok(stepCount() >= 27);
    assert.equal(drawn.steps, stepCount());
    assert.deepEqual(panel.diagram?.layout.flows.map((f) => f.title), ['GET /querydoctor/{category}', 'POST /categories/{category}/reserve']);
    const again = (await vscode.commands.executeCommand('conduit.openDiagram', document.uri)) as DiagramPanel;
    assert.equal(again, panel, 'one panel per document');

    // A click on the store node selects the store element in the editor.
    const store = panel.diagram!.layout.nodes.find((n) => n.kind === 'store')!;
    await panel.receive({ type: 'select', id: store.id });
    const active = vscode.window.activeTextEditor!;
    assert.equal(active.document, document);
    const line = document.lineAt(active.selection.active.line).text;
    assert.match(line, /<store [^>]*messageStore="PaymentRequestMessageStore"/);

    // The cursor inside the second case's log highlights that log.
    const clemency = document.getText().indexOf('Clemency Log');
    const cursor = document.positionAt(clemency);
    active.selection = new vscode.Selection(cursor, cursor);
    const highlight = await until(() => posted.find((m): m is Extract<DiagramHostMessage, { type: 'highlight' }> => m.type === 'highlight' && m.id !== undefined && m.id !== store.id), 'a highlight');
    const lit = panel.diagram!.layout.nodes.find((n) => n.id === highlight.id)!;
    assert.equal(lit.kind, 'log');
    assert.equal(lit.description, 'Clemency Log');

    // Typing a log mediator into the XML: the picture follows.
    const respond = document.getText().lastIndexOf('<respond/>');
    const mark = received.length;
    await editor.edit((b) => b.insert(document.positionAt(respond), '<log level="custom"><property name="typed" value="yes"/></log>\n            '));
    const redrawn = await until(() => received.slice(mark).find((m): m is Extract<DiagramWebviewMessage, { type: 'rendered' }> => m.type === 'rendered'), 'the webview to draw the edit');
    assert.equal(redrawn.steps, drawn.steps + 1);
    assert.ok(panel.diagram!.layout.nodes.some((n) => n.kind === 'log' && n.detail === 'yes'));

    // A half-typed element keeps the last picture and says why.
    const before = received.length;
    await editor.edit((b) => b.insert(document.positionAt(document.getText().lastIndexOf('<respond/>')), '<log '));
    const note = await until(() => posted.find((m): m is Extract<DiagramHostMessage, { type: 'error' }> => m.type === 'error'), 'the note');
    assert.match(note.message, /not well-formed XML/);
    assert.equal(received.slice(before).filter((m) => m.type === 'rendered').length, 0);
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await until(() => (document.isDirty ? undefined : true), 'the document back as it was');
  });

  test('inserting a log after a clicked node, moving and deleting it edit only those lines, and undo restores the file', async () => {
    const document = await vscode.workspace.openTextDocument(API_FILE());
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const panel = (await vscode.commands.executeCommand('conduit.openDiagram', document.uri)) as DiagramPanel;
    // The picture of the document as it is now (the last suite's undo may still be waiting for its redraw).
    await panel.render();
    const received: DiagramWebviewMessage[] = [];
    panel.onDidReceiveMessage((m) => received.push(m));
    const original = document.getText();
    const steps = () => panel.diagram!.layout.nodes.filter((n) => n.shape === 'step');
    const before = steps().length;

    // Click the store node, then Insert with Log chosen in the palette.
    const store = steps().find((n) => n.kind === 'store')!;
    await panel.receive({ type: 'select', id: store.id });
    await panel.receive({ type: 'insert', kind: 'log', after: store.id });
    const end = store.range!.end.offset;
    const inserted = document.getText();
    assert.equal(inserted.slice(0, end), original.slice(0, end), 'everything before the insert is as it was');
    assert.equal(inserted.slice(inserted.length - (original.length - end)), original.slice(end), 'everything after it too');
    assert.match(inserted.slice(end, inserted.length - (original.length - end)), /^\r?\n {12}<log level="custom">/);
    await until(() => received.find((m) => m.type === 'rendered' && m.steps === before + 1), 'the webview to draw the new log');

    // Move the new log up above the store, then delete it: the file is the original again.
    const log = steps().find((n) => n.kind === 'log' && n.detail === 'reached here')!;
    await panel.receive({ type: 'move', id: log.id, direction: 'up' });
    assert.ok(document.getText().indexOf('reached here') < document.getText().indexOf('<store '), 'the log is above the store');
    const moved = steps().find((n) => n.kind === 'log' && n.detail === 'reached here')!;
    await panel.receive({ type: 'delete', id: moved.id });
    assert.equal(document.getText(), original, 'byte for byte');

    // Undo walks back through the three edits (and no further: earlier suites edited this file too).
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    assert.ok(document.getText().includes('reached here'), 'undo brings the moved log back');
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), original);
    await document.save();
  });
});
