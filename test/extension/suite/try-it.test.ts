import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TryItPanel } from '../../../src/extension/try-it/try-it-panel';
import type { HostMessage, RequestDraft } from '../../../src/extension/try-it/protocol';
import reservation from '../../../samples/healthcare/reservation.json';
import { suite, test } from './harness';
import { api, tutorialBackEnd, until } from './helpers';

const RESERVE = '/categories/{category}/reserve';

/** Opens Try It on the reserve resource as its inline button does, and records what the panel posts to its webview. */
async function openPanel(): Promise<{ panel: TryItPanel; posted: HostMessage[] }> {
  const a = await api();
  const node = a.allNodes().find((n) => n.type === 'resource' && n.artifact.name === 'HealthcareAPI' && n.path === RESERVE);
  assert.ok(node, `${RESERVE} is in the tree`);
  await vscode.commands.executeCommand('conduit.tryIt', node);
  const panel = a.tryIt.panels.find((p) => p.resource.template === RESERVE);
  assert.ok(panel, 'a panel is open for the resource');
  const posted: HostMessage[] = [];
  panel.onDidPostMessage((m) => posted.push(m));
  return { panel, posted };
}

function waitFor<T extends HostMessage['type']>(posted: HostMessage[], type: T, from = 0): Promise<Extract<HostMessage, { type: T }>> {
  return until(() => posted.slice(from).find((m): m is Extract<HostMessage, { type: T }> => m.type === type), `a "${type}" message to the webview`);
}

suite('try it panel', () => {
  test('the panel sends through the extension host to the running runtime, shows the answer, is reused, and keeps the last body', async () => {
    const a = await api();
    await vscode.commands.executeCommand('conduit.stop');
    const { port } = await tutorialBackEnd();

    const { panel, posted } = await openPanel();
    // The webview's script loaded under the panel's CSP and asked for its state.
    const init = await waitFor(posted, 'init');
    assert.deepEqual(init.resource.methods, ['POST']);
    assert.deepEqual(init.resource.variables, ['category']);
    assert.equal(init.resource.context, '/healthcare');
    assert.deepEqual(init.runtime, { running: false, base: `http://localhost:${port}` });
    // Never sent before: a JSON body with the fields the resource reads before it calls the back end.
    assert.equal(init.draft.bodyKind, 'json');
    assert.deepEqual(Object.keys(JSON.parse(init.draft.body)).sort(), ['cardNo', 'hospital']);

    const draft: RequestDraft = {
      method: 'POST',
      values: { category: 'surgery' },
      query: [],
      headers: [['Content-Type', 'application/json']],
      bodyKind: 'json',
      body: JSON.stringify(reservation),
    };
    // No runtime yet: the answer says so and offers Export and Run.
    let mark = posted.length;
    await panel.receive({ type: 'send', draft });
    const refused = await waitFor(posted, 'error', mark);
    assert.equal(refused.error.offerStart, true);
    assert.match(refused.error.message, new RegExp(`Connection refused: nothing listens on localhost:${port}\\. The Conduit runtime is not running here\\.`));

    mark = posted.length;
    await vscode.commands.executeCommand('conduit.exportAndRun');
    const runtime = await waitFor(posted, 'runtime', mark);
    assert.equal(runtime.runtime.running, true);

    mark = posted.length;
    await panel.receive({ type: 'send', draft });
    assert.equal(posted[mark]?.type, 'sending');
    const { response } = await waitFor(posted, 'response', mark);
    assert.equal(response.status, 200, response.body);
    assert.equal(response.url, `http://localhost:${port}/healthcare/categories/surgery/reserve`);
    assert.equal(response.language, 'json');
    assert.match(response.body, /^\{\n {2}"/, 'the body is pretty-printed');
    assert.match(response.body, /Payment request successfully submitted/);
    assert.ok(response.headers.some(([k, v]) => k === 'content-type' && /json/.test(v)), JSON.stringify(response.headers));
    assert.ok(response.elapsedMs >= 0);

    // Open in editor shows the body in a read-only JSON document.
    await panel.receive({ type: 'openInEditor' });
    const editor = await until(() => (vscode.window.activeTextEditor?.document.uri.scheme === 'conduit-response' ? vscode.window.activeTextEditor : undefined), 'the response editor');
    assert.equal(editor.document.getText(), response.body);
    assert.equal(editor.document.languageId, 'json');

    // Try It on the same resource again reveals the same panel.
    const again = await openPanel();
    assert.equal(again.panel, panel);
    assert.equal(a.tryIt.panels.filter((p) => p.resource.template === RESERVE).length, 1);

    // Closed and opened again, the panel offers the body last sent (workspace state).
    panel.dispose();
    await until(() => !a.tryIt.panels.includes(panel), 'the panel to close');
    const reopened = await openPanel();
    assert.notEqual(reopened.panel, panel);
    const second = await waitFor(reopened.posted, 'init');
    assert.equal(second.draft.body, draft.body);
    assert.deepEqual(second.draft.values, { category: 'surgery' });
    assert.deepEqual(second.runtime, { running: true, base: `http://localhost:${port}` });
    reopened.panel.dispose();
  });
});
