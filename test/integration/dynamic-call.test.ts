/**
 * The dynamic parts of call, sequence and endpoint in the real runtime, against a real back end on an
 * ephemeral port: a call's request built from a `<source>` with its answer kept in a `<target>`,
 * sequence keys and endpoint keys computed per message.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { NS, projectFromXml, resourceAnsweringFaults as resource } from '../helpers/project-from-xml';

interface Received {
  method: string;
  url: string;
  contentType?: string;
  body: string;
}

/** Answers `/xml/..` with an XML document, anything else with JSON naming what it received. */
async function startBackend(): Promise<{ url: string; requests: Received[]; close(): Promise<void> }> {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], body });
      if (req.url?.startsWith('/xml')) {
        res.writeHead(200, { 'Content-Type': 'application/xml', 'X-Backend': 'xml' });
        res.end(`<answer><path>${req.url}</path><size>${body.length}</size></answer>`);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Backend': 'json' });
      res.end(JSON.stringify({ path: req.url, contentType: req.headers['content-type'] ?? null, received: body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('dynamic call sources and targets, sequence keys and endpoint keys', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let rt: Runtime;
  const logger = new MemoryLogger();

  before(async () => {
    backend = await startBackend();
    const ep = (name: string, path: string) => `<endpoint name="${name}" ${NS}><http method="post" uri-template="${backend.url}/${path}"/></endpoint>`;
    rt = createRuntime({ logger, port: 0 });
    const report = await rt.deploy(
      projectFromXml({
        'endpoints/Echo.xml': ep('Echo', 'echo'),
        'endpoints/XmlBackend.xml': ep('XmlBackend', 'xml/answer'),
        'endpoints/Down.xml': `<endpoint name="Down" ${NS}><http method="post" uri-template="http://127.0.0.1:1/down"/></endpoint>`,
        'sequences/RouteA.xml': `<sequence name="RouteA" ${NS}><call><endpoint key="Echo"/></call></sequence>`,
        'sequences/RouteB.xml': `<sequence name="RouteB" ${NS}><call><endpoint key="XmlBackend"/></call></sequence>`,
        'apis/Dynamic.xml': `<api name="Dynamic" context="/d" ${NS}>
          ${resource('route', '<sequence key="{json-eval($.route)}"/><respond/>')}
          ${resource('by-name', `<property name="ep" expression="json-eval($.endpoint)"/><call><endpoint key-expression="$ctx:ep"/></call><respond/>`)}
          ${resource('send-by-name', `<property name="ep" expression="json-eval($.endpoint)"/><send><endpoint key-expression="get-property('ep')"/></send>`)}
          ${resource(
            'source-property',
            `<property name="order" expression="json-eval($.order)" type="JSON"/>
             <call><endpoint key="Echo"/><source type="property">order</source><target type="property">answer</target></call>
             <property name="X-Answer" expression="$ctx:answer" scope="transport"/>
             <property name="X-Status" expression="$axis2:HTTP_SC" scope="transport"/>
             <respond/>`,
          )}
          ${resource(
            'source-inline',
            `<call><endpoint key="Echo"/><source type="inline" contentType="application/json">{"ping": true}</source></call>
             <respond/>`,
          )}
          ${resource(
            'source-xpath',
            `<call>
               <endpoint key="XmlBackend"/>
               <source type="custom" contentType="application/xml">$body//item</source>
               <target type="variable">answer</target>
             </call>
             <payloadFactory media-type="json"><format>{"path":"$1","size":$2,"kept":$3}</format>
               <args><arg expression="$var:answer//path"/><arg expression="$var:answer//size"/><arg evaluator="json" expression="$.item"/></args>
             </payloadFactory>
             <respond/>`,
          )}
          ${resource('source-text', '<call><endpoint key="Echo"/><source>${payload.name}</source><target type="property">answer</target></call><respond/>')}
          ${resource('blocking', '<call blocking="true"><endpoint key="XmlBackend"/></call><header name="X-Blocking-Error" expression="$ctx:BLOCKING_SENDER_ERROR" scope="transport"/><respond/>')}
          ${resource('blocking-headers', '<property name="BLOCKING_SENDER_PRESERVE_REQ_HEADERS" value="false"/><call blocking="true"><endpoint key="XmlBackend"/></call><respond/>')}
          ${resource('to-header', `<header name="To" value="${backend.url}/by-to"/><property name="REST_URL_POSTFIX" scope="axis2" action="remove"/><send/>`)}
          ${resource('to-call', `<property name="which" value="x"/><header name="To" expression="concat('${backend.url}', '/call-', $ctx:which)"/><property name="REST_URL_POSTFIX" scope="axis2" action="remove"/><call/><respond/>`)}
          <resource methods="POST" uri-template="/source-down">
            <inSequence>
              <call><endpoint key="Down"/><source type="inline">{"never":"sent"}</source><target type="property">answer</target></call>
              <respond/>
            </inSequence>
            <faultSequence><property name="HTTP_SC" value="502" scope="axis2"/><respond/></faultSequence>
          </resource>
        </api>`,
      }),
    );
    assert.deepEqual(report.failed, []);
    await rt.start();
  });
  after(async () => {
    await rt.stop();
    await backend.close();
  });

  const post = (path: string, body: object) => rt.inject({ method: 'POST', url: `/d/${path}`, body });
  const lastRequest = () => backend.requests[backend.requests.length - 1];
  const header = (res: { headers: Record<string, unknown> }, name: string) =>
    Object.entries(res.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

  test('a property source is sent instead of the body; the answer goes to a property and the body stays the same', async () => {
    const res = await post('source-property', { order: { id: 7, qty: 2 }, note: 'original' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { order: { id: 7, qty: 2 }, note: 'original' }, 'the client gets its own body back');
    assert.equal(lastRequest().body, '{"id":7,"qty":2}');
    assert.match(lastRequest().contentType ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(header(res, 'X-Answer') as string), { path: '/echo', contentType: 'application/json', received: '{"id":7,"qty":2}' });
    assert.equal(header(res, 'X-Status'), '200', "HTTP_SC is the back end's");
    assert.equal(header(res, 'X-Backend'), undefined, "the back end's headers do not replace the message's own");
  });

  test('an inline JSON source with no target: the answer replaces the body', async () => {
    const res = await post('source-inline', { ignored: true });
    assert.equal(res.status, 200, res.text);
    assert.equal(lastRequest().body, '{"ping":true}');
    assert.deepEqual(res.json(), { path: '/echo', contentType: 'application/json', received: '{"ping":true}' });
  });

  test('an XPath source sent as XML; the XML answer kept in a variable is read by XPath; the JSON body is kept', async () => {
    const res = await post('source-xpath', { item: { sku: 'A1', n: 3 } });
    assert.equal(res.status, 200, res.text);
    assert.equal(lastRequest().body, '<item><sku>A1</sku><n>3</n></item>');
    assert.match(lastRequest().contentType ?? '', /^application\/xml/);
    assert.deepEqual(res.json(), { path: '/xml/answer', size: lastRequest().body.length, kept: { sku: 'A1', n: 3 } });
  });

  test('a ${..} source selecting a string is sent as text/plain when no contentType is given', async () => {
    const res = await post('source-text', { name: 'Ann' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { name: 'Ann' });
    assert.equal(lastRequest().body, 'Ann');
    assert.match(lastRequest().contentType ?? '', /^text\/plain/);
  });

  test('a blocking call keeps the request\'s headers and content type, as BlockingMsgSender does: an XML answer goes back as JSON', async () => {
    const res = await rt.inject({ method: 'POST', url: '/d/blocking', headers: { 'X-Client': 'c1' }, body: { ask: 1 } });
    assert.equal(res.status, 200, res.text);
    assert.match(String(header(res, 'Content-Type')), /^application\/json/);
    assert.deepEqual(res.json(), { answer: { path: '/xml/answer', size: 9 } });
    assert.equal(header(res, 'X-Client'), 'c1');
    assert.equal(header(res, 'X-Backend'), undefined);
    assert.equal(header(res, 'X-Blocking-Error'), 'false');
  });

  test('BLOCKING_SENDER_PRESERVE_REQ_HEADERS=false gives a blocking call the answer\'s headers; the content type stays the request\'s', async () => {
    const res = await rt.inject({ method: 'POST', url: '/d/blocking-headers', headers: { 'X-Client': 'c1' }, body: { ask: 1 } });
    assert.equal(res.status, 200, res.text);
    assert.equal(header(res, 'X-Backend'), 'xml');
    assert.equal(header(res, 'X-Client'), undefined);
    assert.deepEqual(res.json(), { answer: { path: '/xml/answer', size: 9 } });
  });

  test('send and call without an endpoint go to the To address a header mediator set', async () => {
    const sent = await post('to-header', { via: 'send' });
    assert.equal(sent.status, 200, sent.text);
    assert.equal(sent.json().path, '/by-to');
    const called = await post('to-call', { via: 'call' });
    assert.equal(called.status, 200, called.text);
    assert.equal(called.json().path, '/call-x');
  });

  test('a call with a source that cannot reach its back end faults with the original body in place', async () => {
    const res = await post('source-down', { mine: 1 });
    assert.equal(res.status, 502, res.text);
    assert.deepEqual(res.json(), { mine: 1 });
  });

  test('a dynamic sequence key chosen by a JSON field runs each of two sequences', async () => {
    const a = await post('route', { route: 'RouteA' });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json().path, '/echo');
    const b = await post('route', { route: 'RouteB' });
    assert.equal(b.status, 200, b.text);
    assert.match(b.text, /<path>\/xml\/answer<\/path>/);
    assert.deepEqual(backend.requests.slice(-2).map((r) => r.url), ['/echo', '/xml/answer']);
  });

  test('a dynamic sequence key naming no deployed sequence runs the fault sequence', async () => {
    const before = backend.requests.length;
    const res = await post('route', { route: 'RouteC' });
    assert.equal(res.status, 502, res.text);
    assert.equal(res.json().code, 'CONDUIT_REFERENCE_UNRESOLVED');
    assert.match(res.json().message, /^sequence 'RouteC' is not deployed \(the key \{json-eval\(\$\.route\)\} at \/virtual\/project\/apis\/Dynamic\.xml:\d+:\d+\)$/);
    assert.equal(backend.requests.length, before, 'nothing was sent');
  });

  test('key-expression chooses between two endpoints per message, in call and in send', async () => {
    const echo = await post('by-name', { endpoint: 'Echo' });
    assert.equal(echo.status, 200, echo.text);
    assert.equal(echo.json().path, '/echo');
    const xml = await post('by-name', { endpoint: 'XmlBackend' });
    assert.match(xml.text, /<path>\/xml\/answer<\/path>/);
    const sent = await post('send-by-name', { endpoint: 'XmlBackend' });
    assert.match(sent.text, /<path>\/xml\/answer<\/path>/);
    assert.deepEqual(backend.requests.slice(-3).map((r) => r.url), ['/echo', '/xml/answer', '/xml/answer']);
  });

  test('key-expression naming no deployed endpoint faults with 305100', async () => {
    const res = await post('by-name', { endpoint: 'Nowhere' });
    assert.equal(res.status, 502, res.text);
    assert.equal(res.json().code, '305100');
    assert.match(res.json().message, /^Couldn't find the endpoint with the key : Nowhere \(key-expression \$ctx:ep at /);
  });
});
