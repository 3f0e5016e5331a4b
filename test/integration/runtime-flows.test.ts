import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { MemoryLogger } from '../../src/runtime/logger';
import { defineMediator } from '../../src/runtime/mediators/types';
import { Payload } from '../../src/runtime/message';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { createFaultyBackend, type FaultyBackend } from '../helpers/backends';
import { NS, projectFromXml } from '../helpers/project-from-xml';

/** Replaces the payload with a fixed JSON text: lets these tests build answers without the content mediators. */
const setJson = defineMediator<string>({
  name: 'testSetJson',
  parse: (el) => el.attrs.find((a) => a.name === 'value')?.value ?? '{}',
  mediate(value, msg) {
    msg.setPayload(Payload.json(value));
    msg.axis2.set('ContentType', 'application/json');
    return true;
  },
});

/** Records properties into the payload so a test can see what the runtime set. */
const echoProps = defineMediator<string[]>({
  name: 'testEchoProps',
  parse: (el) => (el.attrs.find((a) => a.name === 'names')?.value ?? '').split(','),
  mediate(names, msg) {
    const out: Record<string, unknown> = {};
    for (const n of names) out[n] = msg.getProperty(n) ?? msg.axis2.get(n) ?? null;
    msg.setPayload(Payload.json({ value: out }));
    msg.axis2.set('ContentType', 'application/json');
    return true;
  },
});

const failing = defineMediator<undefined>({
  name: 'testThrow',
  parse: () => undefined,
  mediate() {
    throw new Error('boom');
  },
});

/** Waits until released, to hold a request in flight. */
let release: (() => void) | undefined;
const gate = defineMediator<undefined>({
  name: 'testGate',
  parse: () => undefined,
  mediate: () => new Promise<boolean>((resolve) => (release = () => resolve(true))),
});

const mediators = [setJson, echoProps, failing, gate];

function api(backend: string) {
  return projectFromXml({
    'endpoints/Echo.xml': `<endpoint name="Echo" ${NS}><http method="post" uri-template="${backend}/echo/{uri.var.id}"/></endpoint>`,
    'endpoints/Down.xml': `<endpoint name="Down" ${NS}><http method="get" uri-template="http://127.0.0.1:1/x"><suspendOnFailure><initialDuration>-1</initialDuration></suspendOnFailure></http></endpoint>`,
    'sequences/Reply.xml': `<sequence name="Reply" ${NS}><testSetJson value='{"from":"Reply"}'/><respond/></sequence>`,
    'sequences/OnErr.xml': `<sequence name="OnErr" ${NS}><testSetJson value='{"handled":"onError"}'/><respond/></sequence>`,
    'sequences/Throws.xml': `<sequence name="Throws" onError="OnErr" ${NS}><testThrow/></sequence>`,
    'apis/Test.xml': `<api name="Test" context="/test" ${NS}>
      <resource methods="POST" uri-template="/items/{id}">
        <inSequence><call><endpoint key="Echo"/></call><testSetJson value='{"after":"call"}'/><respond/></inSequence>
        <faultSequence/>
      </resource>
      <resource methods="GET" uri-template="/props/{id}?*">
        <inSequence><testEchoProps names="uri.var.id,query.param.q,REST_METHOD,HTTP_METHOD,REST_URL_POSTFIX"/><respond/></inSequence>
      </resource>
      <resource methods="GET" uri-template="/drop"><inSequence><drop/></inSequence></resource>
      <resource methods="GET" uri-template="/seq"><inSequence><sequence key="Reply"/></inSequence></resource>
      <resource methods="GET" uri-template="/onerror"><inSequence><sequence key="Throws"/></inSequence></resource>
      <resource methods="GET" uri-template="/down-empty"><inSequence><call><endpoint key="Down"/></call><respond/></inSequence><faultSequence/></resource>
      <resource methods="GET" uri-template="/down-handled"><inSequence><call><endpoint key="Down"/></call><respond/></inSequence>
        <faultSequence><testEchoProps names="ERROR_CODE,ERROR_MESSAGE"/><respond/></faultSequence></resource>
      <resource methods="GET" uri-template="/down-default"><inSequence><call><endpoint key="Down"/></call><respond/></inSequence></resource>
      <resource methods="POST" uri-template="/send/{id}"><inSequence><send><endpoint key="Echo"/></send></inSequence><outSequence><send/></outSequence></resource>
      <resource methods="GET" uri-template="/loop"><inSequence><testSetJson value='{"loop":1}'/><loopback/></inSequence><outSequence><testSetJson value='{"out":true}'/><respond/></outSequence></resource>
      <resource methods="GET" uri-template="/slow"><inSequence><testGate/><testSetJson value='{"slow":"done"}'/><respond/></inSequence></resource>
      <resource methods="POST" uri-template="/echo"><inSequence><respond/></inSequence></resource>
    </api>`,
  });
}

describe('runtime flows', () => {
  let backend: FaultyBackend;
  let rt: Runtime;
  const logger = new MemoryLogger();

  before(async () => {
    backend = await createFaultyBackend();
    rt = createRuntime({ logger, port: 0, mediators, maxBodyBytes: 1024 });
    const report = await rt.deploy(api(backend.url));
    assert.deepEqual(report.failed, []);
    await rt.start();
  });
  after(async () => {
    await rt.stop();
    await backend.close();
  });

  test('logs MI deploy lines in Synapse order', () => {
    const lines = logger.records.map((r) => `${r.category}: ${r.message}`);
    const ep = lines.findIndex((l) => l.startsWith("EndpointDeployer: Endpoint named 'Echo' has been deployed from file : "));
    const seq = lines.findIndex((l) => l.startsWith("SequenceDeployer: Sequence named 'Reply'"));
    const apiLine = lines.findIndex((l) => l.startsWith("APIDeployer: API named 'Test' has been deployed from file : /virtual/project/apis/Test.xml"));
    assert.ok(ep >= 0 && seq > ep && apiLine > seq, lines.join('\n'));
    assert.ok(lines.some((l) => l === `PassThroughHttpListener: Pass-through HTTP Listener started on 127.0.0.1:${rt.port}`));
  });

  test('call resumes after itself with the back end answer; uri.var expands into the endpoint URL', async () => {
    const before = backend.requests.length;
    const res = await rt.inject({ method: 'POST', url: '/test/items/a%20b', body: { hello: 1 } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { after: 'call' });
    const got = backend.requests[before];
    assert.equal(got.url, '/echo/a%20b');
    assert.equal(got.body, '{"hello":1}');
    assert.equal(got.headers['content-type'], 'application/json');
  });

  test('sets uri.var, query.param and the REST properties', async () => {
    const res = await rt.inject({ url: '/test/props/42?q=x%20y&z=1' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), {
      'uri.var.id': '42',
      'query.param.q': 'x y',
      REST_METHOD: 'GET',
      HTTP_METHOD: 'GET',
      REST_URL_POSTFIX: '/props/42?q=x%20y&z=1',
    });
  });

  test('drop with nothing sent answers 202', async () => {
    const res = await rt.inject({ url: '/test/drop' });
    assert.equal(res.status, 202);
    assert.equal(res.text, '');
  });

  test('sequence key runs the named sequence; onError handles its fault', async () => {
    assert.deepEqual((await rt.inject({ url: '/test/seq' })).json(), { from: 'Reply' });
    const res = await rt.inject({ url: '/test/onerror' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { handled: 'onError' });
  });

  test('connection refused runs the fault sequence with ERROR_CODE 101503, then fails fast while suspended', async () => {
    const res = await rt.inject({ url: '/test/down-handled' });
    const body = res.json();
    assert.equal(body.ERROR_CODE, '101503');
    assert.match(body.ERROR_MESSAGE, /Down/);
    const again = await rt.inject({ url: '/test/down-handled' });
    assert.equal(again.json().ERROR_CODE, '303001');
    assert.ok(logger.records.some((r) => r.category === 'EndpointContext' && /Suspending endpoint : Down .*30000ms/.test(r.message)));
  });

  test('an empty faultSequence answers 500 with a JSON error instead of leaving the client waiting', async () => {
    const res = await rt.inject({ url: '/test/down-empty' });
    assert.equal(res.status, 500);
    assert.equal(res.json().error.code, 'CONDUIT_EMPTY_FAULT_SEQUENCE');
    assert.ok(logger.records.some((r) => r.message.includes('CONDUIT_EMPTY_FAULT_SEQUENCE')));
  });

  test('without a faultSequence the default fault sequence logs ERROR_CODE and the client still gets 500', async () => {
    const res = await rt.inject({ url: '/test/down-default' });
    assert.equal(res.status, 500);
    assert.ok(logger.records.some((r) => r.category === 'LogMediator' && r.message.includes("MESSAGE = Executing default 'fault' sequence, ERROR_CODE = 303001")));
  });

  test('send without outSequence mediation answers with the back end response through <send/>', async () => {
    const res = await rt.inject({ method: 'POST', url: '/test/send/7', body: { x: 'y' } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { x: 'y' });
  });

  test('loopback runs the outSequence', async () => {
    assert.deepEqual((await rt.inject({ url: '/test/loop' })).json(), { out: true });
  });

  test('404 for no resource, 405 for a wrong method, 404 for no API', async () => {
    assert.equal((await rt.inject({ url: '/test/nothing' })).status, 404);
    assert.equal((await rt.inject({ method: 'DELETE', url: '/test/drop' })).status, 405);
    assert.equal((await rt.inject({ url: '/other' })).status, 404);
  });

  test('malformed JSON and XML bodies get 400 with CONDUIT_REQUEST_MALFORMED before any mediation', async () => {
    const before = backend.requests.length;
    const j = await rt.inject({ method: 'POST', url: '/test/items/1', headers: { 'Content-Type': 'application/json' }, body: '{"a":' });
    assert.equal(j.status, 400);
    assert.equal(j.json().error.code, 'CONDUIT_REQUEST_MALFORMED');
    const x = await rt.inject({ method: 'POST', url: '/test/items/1', headers: { 'Content-Type': 'application/xml' }, body: '<a><b></a>' });
    assert.equal(x.status, 400);
    assert.match(x.json().error.message, /XML body does not parse at line 1/);
    assert.equal(backend.requests.length, before);
  });

  test('over a real socket: echo, 413 for an oversized body, 400 for malformed JSON', async () => {
    const send = (body: string, type = 'application/json') =>
      new Promise<{ status: number; body: string; type?: string }>((resolve, reject) => {
        const req = request(`${rt.url}/test/echo`, { method: 'POST', headers: { 'Content-Type': type } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), type: res.headers['content-type'] }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const ok = await send('{"a":[1,2]}');
    assert.equal(ok.status, 200);
    assert.equal(ok.body, '{"a":[1,2]}');
    assert.equal(ok.type, 'application/json');
    const big = await send(JSON.stringify({ s: 'x'.repeat(2000) }));
    assert.equal(big.status, 413);
    assert.equal(JSON.parse(big.body).error.code, 'CONDUIT_REQUEST_TOO_LARGE');
    const bad = await send('{nope');
    assert.equal(bad.status, 400);
  });
});

describe('runtime lifecycle', () => {
  test('a broken artifact is refused with file:line:col while the others deploy', async () => {
    const logger = new MemoryLogger();
    const rt = createRuntime({ logger, port: 0 });
    const project = projectFromXml({
      'apis/Good.xml': `<api name="Good" context="/good" ${NS}><resource methods="GET"><inSequence><drop/></inSequence></resource></api>`,
      'apis/Bad.xml': `<api name="Bad" context="/bad" ${NS}>\n  <resource methods="GET">\n    <inSequence><noSuchMediator/></inSequence>\n  </resource>\n</api>`,
    });
    const report = await rt.deploy(project);
    assert.deepEqual(report.deployed, ['api:Good']);
    assert.equal(report.failed.length, 1);
    const p = report.failed[0];
    assert.equal(p.code, 'CONDUIT_DEPLOY_FAILED');
    assert.equal(p.file, '/virtual/project/apis/Bad.xml');
    assert.equal(p.range?.start.line, 2);
    assert.match(p.message, /CONDUIT_MEDIATOR_UNKNOWN <noSuchMediator>/);
    assert.ok(logger.lines().some((l) => l.includes('/virtual/project/apis/Bad.xml:3:17: error CONDUIT_DEPLOY_FAILED')));
    assert.equal((await rt.inject({ url: '/good' })).status, 202);
    assert.equal((await rt.inject({ url: '/bad' })).status, 404);
    await rt.stop();
  });

  test('stop() lets an in-flight request finish before closing', async () => {
    const rt = createRuntime({ logger: new MemoryLogger(), port: 0, mediators });
    await rt.deploy(api('http://127.0.0.1:1'));
    await rt.start();
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request(`${rt.url}/test/slow`, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      })
        .on('error', reject)
        .end();
    });
    while (!release) await new Promise((r) => setTimeout(r, 5));
    let stopped = false;
    const stopping = rt.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(stopped, false, 'stop() must wait for the request in flight');
    release!();
    const res = await answer;
    assert.equal(res.status, 200);
    assert.equal(res.body, '{"slow":"done"}');
    await stopping;
    assert.equal(stopped, true);
  });
});
