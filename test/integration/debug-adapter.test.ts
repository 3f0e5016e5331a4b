/**
 * The mediation debugger over the Debug Adapter Protocol, against `conduit debug-adapter` running
 * test/fixtures/debugger (property → store → sequence Audit → payloadFactory → respond) and real HTTP
 * requests to it.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { AdapterClient, debuggerProject } from '../helpers/debug-adapter-client';
import { startRuntime } from '../helpers/runtime-process';

const STORE_LINE = 7;
const SEQUENCE_LINE = 8;
const PAYLOAD_FACTORY_LINE = 9;

let project: ReturnType<typeof debuggerProject>;
before(() => {
  project = debuggerProject();
});
after(() => rmSync(project.dir, { recursive: true, force: true }));

function order(url: string, item: string): Promise<Response> {
  return fetch(`${url}/shop/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ item, qty: 2 }) });
}

test('a breakpoint on the store mediator stops a real request; scopes, evaluate, setVariable and next work on it', async () => {
  const dc = new AdapterClient();
  try {
    const url = await dc.launchWith(project.dir, { [project.api]: [{ line: STORE_LINE }] });
    const answer = order(url, 'lamp');

    const { threadId, top, event } = await dc.stopped('breakpoint');
    assert.equal(top.source?.path, project.api);
    assert.equal(top.line, STORE_LINE);
    const threads = await dc.threadsRequest();
    assert.match(threads.body.threads.find((t) => t.id === threadId)!.name, /ShopAPI POST \/shop\/orders/);
    assert.equal(event.body.threadId, threadId);

    const payload = await dc.scope(top.id, 'Payload');
    assert.deepEqual(JSON.parse(payload.values['payload (json)']), { item: 'lamp', qty: 2 });
    const properties = await dc.scope(top.id, 'Properties');
    assert.equal(properties.values.channel, 'web');

    const evaluated = await dc.evaluateRequest({ expression: 'json-eval($.item)', frameId: top.id, context: 'repl' });
    assert.equal(evaluated.body.result, 'lamp');
    const set = await dc.setVariableRequest({ variablesReference: properties.reference, name: 'channel', value: 'mobile' });
    assert.equal(set.body.value, 'mobile');

    await dc.nextRequest({ threadId });
    const next = await dc.stopped('step');
    assert.equal(next.top.line, SEQUENCE_LINE, 'next from the store stops on the mediator after it');
    await dc.nextRequest({ threadId });
    const afterSequence = await dc.stopped('step');
    assert.equal(afterSequence.top.line, PAYLOAD_FACTORY_LINE, 'next steps over the sequence it calls');

    await dc.continueRequest({ threadId });
    const res = await answer;
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { accepted: 'lamp', channel: 'mobile', audited: 'yes' });
  } finally {
    await dc.close();
  }
});

test('step into a sequence mediator and out again; the stack names both sequences', async () => {
  const dc = new AdapterClient();
  try {
    const url = await dc.launchWith(project.dir, { [project.api]: [{ line: SEQUENCE_LINE }] });
    const answer = order(url, 'desk');
    const { threadId } = await dc.stopped('breakpoint');
    await dc.stepInRequest({ threadId });
    const inside = await dc.stopped('step');
    assert.equal(inside.top.source?.path, project.audit);
    assert.equal(inside.top.line, 3);
    const trace = await dc.stackTraceRequest({ threadId });
    assert.deepEqual(
      trace.body.stackFrames.map((f) => [f.source?.path, f.line]),
      [[project.audit, 3], [project.api, SEQUENCE_LINE]],
    );
    await dc.stepOutRequest({ threadId });
    const out = await dc.stopped('step');
    assert.equal(out.top.source?.path, project.api);
    assert.equal(out.top.line, PAYLOAD_FACTORY_LINE);
    await dc.continueRequest({ threadId });
    assert.equal((await answer).status, 200);
  } finally {
    await dc.close();
  }
});

test('breakpoints move to the nearest mediator; conditions, hit counts and logpoints decide where a message stops', async () => {
  const dc = new AdapterClient();
  try {
    const url = await dc.launchWith(project.dir, {});
    const breakpoints = await dc.setBreakpointsRequest({
      source: { path: project.api },
      // the blank line above the store moves to the store
      breakpoints: [{ line: 6, condition: "${payload.item == 'chair'}" }, { line: 17, hitCondition: '2' }],
    });
    assert.deepEqual(breakpoints.body.breakpoints.map((b) => [b.verified, b.line]), [[true, STORE_LINE], [true, 17]]);
    const bad = await dc.setBreakpointsRequest({ source: { path: project.audit }, breakpoints: [{ line: 3, logMessage: 'audit of ${payload.item}' }, { line: 4, condition: '((' }] });
    assert.deepEqual(bad.body.breakpoints.map((b) => b.verified), [true, false]);
    assert.ok(bad.body.breakpoints[1].message);

    const logged = new Promise<string>((resolve) => {
      const onOutput = (e: { body: { output: string } }) => {
        if (e.body.output.startsWith('audit of')) resolve(e.body.output.trim());
      };
      dc.on('output', onOutput);
    });
    // first message: the condition is false at the store, the respond's first hit does not count yet
    assert.equal((await order(url, 'lamp')).status, 200);
    assert.equal(await logged, 'audit of lamp');
    // second message: the condition holds at the store
    const second = order(url, 'chair');
    const atStore = await dc.stopped('breakpoint');
    assert.equal(atStore.top.line, STORE_LINE);
    await dc.continueRequest({ threadId: atStore.threadId });
    const atRespond = await dc.stopped('breakpoint');
    assert.equal(atRespond.top.line, 17, 'the respond breakpoint stops on its second hit');
    await dc.continueRequest({ threadId: atRespond.threadId });
    assert.equal((await second).status, 200);
  } finally {
    await dc.close();
  }
});

test('attach to conduit run --debug: a breakpoint stops a request, and detaching leaves the runtime serving', async () => {
  const runtime = await startRuntime(project.dir, ['--debug', '--debug-port', '0']);
  const dc = new DebugClient('node', 'unused', 'conduit');
  try {
    const port = Number((await runtime.waitFor(/debugger attach port (\d+)/))[1]);
    await dc.start(port);
    const initialized = dc.waitForEvent('initialized');
    await dc.initializeRequest({ adapterID: 'conduit', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await initialized;
    await dc.setBreakpointsRequest({ source: { path: project.api }, breakpoints: [{ line: PAYLOAD_FACTORY_LINE }] });
    await dc.configurationDoneRequest();
    await dc.attachRequest({} as DebugProtocol.AttachRequestArguments);

    const answer = order(runtime.url, 'rug');
    const event = (await dc.waitForEvent('stopped', 20_000)) as DebugProtocol.StoppedEvent;
    const trace = await dc.stackTraceRequest({ threadId: event.body.threadId! });
    assert.equal(trace.body.stackFrames[0].line, PAYLOAD_FACTORY_LINE);
    await dc.continueRequest({ threadId: event.body.threadId! });
    assert.equal((await answer).status, 200);

    await dc.disconnectRequest({});
    const again = await order(runtime.url, 'vase');
    assert.deepEqual(await again.json(), { accepted: 'vase', channel: 'web', audited: 'yes' });
  } finally {
    await dc.stop().catch(() => undefined);
    await runtime.kill();
  }
});
