import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { send } from '../../../src/extension/try-it/http-request';
import reservation from '../../../samples/healthcare/reservation.json';
import { suite, test } from './harness';
import { api, tutorialBackEnd, until, workspaceRoot } from './helpers';

/** The stops the `conduit` adapter reports, as a tracker sees them between VS Code and the adapter. */
function watchStops(): { next(): Promise<DebugProtocol.StoppedEvent>; dispose(): void } {
  const seen: DebugProtocol.StoppedEvent[] = [];
  const registration = vscode.debug.registerDebugAdapterTrackerFactory('conduit', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => {
        if (m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped') seen.push(m as DebugProtocol.StoppedEvent);
      },
    }),
  });
  return {
    next: () => until(() => seen.shift(), 'the debugger to stop'),
    dispose: () => registration.dispose(),
  };
}

suite('debugger', () => {
  test('Debug Project stops a tutorial request on the store mediator; the Variables view shows the message, which the session can read and change', async () => {
    const { port } = await tutorialBackEnd();
    const file = path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/apis/HealthcareAPI.xml');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const lineOf = (text: string, from = 0) => doc.positionAt(doc.getText().indexOf(text, from)).line;
    const storeLine = lineOf('<store messageStore="PaymentRequestMessageStore"');
    const respondLine = lineOf('<respond/>', doc.offsetAt(new vscode.Position(storeLine, 0)));
    const uri = vscode.Uri.file(file);
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(storeLine, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    const stops = watchStops();
    const { runtime } = await api();
    try {
      // A project already running (Export and Run) gives way: it holds the port and the embedded stores.
      await vscode.commands.executeCommand('conduit.stop');
      await vscode.commands.executeCommand('conduit.exportAndRun');
      assert.equal(runtime.running, true);
      const started = await vscode.commands.executeCommand<boolean>('conduit.debugProject');
      assert.equal(started, true);
      assert.equal(runtime.running, false, 'the Export and Run runtime stopped for the debug session');
      const session = await until(() => (vscode.debug.activeDebugSession?.type === 'conduit' ? vscode.debug.activeDebugSession : undefined), 'the conduit debug session');
      const answer = until(
        async () => {
          try {
            return await send({ method: 'POST', url: `http://127.0.0.1:${port}/healthcare/categories/surgery/reserve`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(reservation) });
          } catch {
            return undefined; // the runtime is still starting
          }
        },
        'the reservation to be answered',
        60_000,
      );

      const stop = await stops.next();
      assert.equal(stop.body.reason, 'breakpoint');
      const threadId = stop.body.threadId!;
      const frames = (await session.customRequest('stackTrace', { threadId })).stackFrames as DebugProtocol.StackFrame[];
      // VS Code hands paths of a remote workspace (code-server) back as vscode-remote URIs
      const framePath = frames[0].source?.path ?? '';
      assert.equal(framePath.startsWith('/') ? framePath : vscode.Uri.parse(framePath).path, file);
      assert.equal(frames[0].line, storeLine + 1);
      const scopes = (await session.customRequest('scopes', { frameId: frames[0].id })).scopes as DebugProtocol.Scope[];
      const values = async (name: string) => {
        const scope = scopes.find((s) => s.name === name)!;
        const vars = (await session.customRequest('variables', { variablesReference: scope.variablesReference })).variables as DebugProtocol.Variable[];
        return Object.fromEntries(vars.map((v) => [v.name, v.value]));
      };
      const payload = JSON.parse((await values('Payload'))['payload (json)']);
      assert.equal(payload.card_number, reservation.cardNo);
      assert.equal((await values('Properties')).Hospital, reservation.hospital);
      const fee = await session.customRequest('evaluate', { expression: 'json-eval($.card_number)', frameId: frames[0].id, context: 'hover' });
      assert.equal(fee.result, reservation.cardNo);

      // The stop as a user sees it: the editor at the line, the Variables view open (for the UI screenshot).
      await vscode.commands.executeCommand('workbench.debug.action.focusVariablesView');
      await new Promise((r) => setTimeout(r, 1500));
      console.log('# screenshot: debugger-stopped');
      await new Promise((r) => setTimeout(r, 1500));

      await session.customRequest('next', { threadId });
      const afterStore = await stops.next();
      assert.equal(afterStore.body.reason, 'step');
      await session.customRequest('next', { threadId });
      await stops.next();
      const atRespond = (await session.customRequest('stackTrace', { threadId })).stackFrames as DebugProtocol.StackFrame[];
      assert.equal(atRespond[0].line, respondLine + 1);
      const payloadScope = ((await session.customRequest('scopes', { frameId: atRespond[0].id })).scopes as DebugProtocol.Scope[]).find((s) => s.name === 'Payload')!;
      await session.customRequest('setVariable', { variablesReference: payloadScope.variablesReference, name: 'payload (json)', value: '{"message":"changed at a breakpoint"}' });
      await session.customRequest('continue', { threadId });

      const res = await answer;
      assert.equal(res.status, 200, res.body);
      assert.deepEqual(JSON.parse(res.body), { message: 'changed at a breakpoint' });
      await vscode.debug.stopDebugging(session);
    } finally {
      stops.dispose();
      vscode.debug.removeBreakpoints([breakpoint]);
      if (vscode.debug.activeDebugSession?.type === 'conduit') await vscode.debug.stopDebugging(vscode.debug.activeDebugSession);
    }
  });
});

suite('message trace', () => {
  test('with tracing on, the Message Trace view lists a request with each mediator and what it changed, and a step opens its line', async () => {
    const a = await api();
    const { port } = await tutorialBackEnd();
    await vscode.workspace.getConfiguration('conduit').update('runtime.trace', true, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('conduit.exportAndRun');
      const res = await send({ method: 'POST', url: `http://127.0.0.1:${port}/healthcare/categories/surgery/reserve`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(reservation) });
      assert.equal(res.status, 200, res.body);
      await vscode.commands.executeCommand('conduit.refreshTraces');
      const traces = await until(async () => {
        const rows = await a.traces.getChildren();
        return rows.find((r) => r.kind === 'trace' && /HealthcareAPI POST \/healthcare\/categories\/surgery\/reserve/.test(r.row.name));
      }, 'the reservation in the Message Trace view');
      const steps = await a.traces.getChildren(traces);
      const names = steps.map((s) => (s.kind === 'step' ? s.step.mediator : ''));
      assert.deepEqual(names.slice(-3), ['store', 'payloadFactory', 'respond']);
      const factory = steps[steps.length - 2];
      const item = a.traces.getTreeItem(factory);
      assert.match(String(item.description), /payload/, 'the payloadFactory changed the payload');
      await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.fsPath, path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/apis/HealthcareAPI.xml'));
      const text = editor.document.getText();
      const responseFactory = text.indexOf('<payloadFactory', text.indexOf('<store messageStore="PaymentRequestMessageStore"'));
      assert.equal(editor.selection.active.line, editor.document.positionAt(responseFactory).line);
      await vscode.commands.executeCommand('conduit.messageTrace.focus');
      await new Promise((r) => setTimeout(r, 1000));
      console.log('# screenshot: message-trace');
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      await vscode.workspace.getConfiguration('conduit').update('runtime.trace', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('conduit.stop');
    }
  });
});
