import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { ConduitError } from '../../model/errors';
import { setBody } from '../content';
import { MessageContext, Payload } from '../message';

function request(method: string, path: string, body = '', headers: Record<string, string> = {}): MessageContext {
  const m = new MessageContext();
  m.method = method;
  m.requestPath = path;
  m.to = path;
  if (body) setBody(m, Payload.json(body), 'application/json');
  for (const [k, v] of Object.entries(headers)) m.transportHeaders.set(k, v);
  return m;
}

/**
 * A finder, then what stands for the back end's answer (its body is the request path and a counter
 * property, its status 200 unless `status` says otherwise), then the collector.
 */
function cachedFlow(finder: string, status = '200'): string {
  return (
    finder +
    `<property name="backend" value="called"/>` +
    `<payloadFactory media-type="json"><format>{"answer":"$1"}</format><args><arg expression="get-property('answer')"/></args></payloadFactory>` +
    `<property name="HTTP_SC" scope="axis2" value="${status}"/>` +
    `<cache collector="true"/><respond/>`
  );
}

async function send(h: ReturnType<typeof harness>, seq: ReturnType<ReturnType<typeof harness>['compile']>, msg: MessageContext, answer: string) {
  msg.setProperty('answer', answer);
  const r = await h.run(seq, msg);
  return { body: r.answered?.payload.text, backend: msg.getProperty('backend') === 'called', status: r.answered?.axis2.get('HTTP_SC'), answered: r.answered };
}

test('a second equal request is answered from the cache without reaching the back end, with the cached status and headers', async () => {
  const h = harness();
  const seq = h.compile(cachedFlow(`<cache timeout="60"><protocol type="HTTP"><methods>GET</methods></protocol></cache>`));
  const first = await send(h, seq, request('GET', '/a/1'), 'one');
  assert.deepEqual([first.body, first.backend], ['{"answer":"one"}', true]);
  const second = await send(h, seq, request('GET', '/a/1'), 'two');
  assert.deepEqual([second.body, second.backend, second.status], ['{"answer":"one"}', false, '200']);
  assert.equal(second.answered?.transportHeaders.get('Content-Type'), 'application/json');
  const other = await send(h, seq, request('GET', '/a/2'), 'three');
  assert.deepEqual([other.body, other.backend], ['{"answer":"three"}', true]);
});

test('the hash is the URL, the headers not excluded and, except for GET, DELETE and HEAD, the body', async () => {
  const h = harness();
  const seq = h.compile(cachedFlow(`<cache><protocol><headersToExcludeInHash>X-Trace</headersToExcludeInHash></protocol></cache>`));
  await send(h, seq, request('POST', '/p', '{"q":1}', { 'X-Trace': 'a', 'X-Tenant': 't1', 'User-Agent': 'u1' }), 'one');
  const hits = async (msg: MessageContext) => !(await send(h, seq, msg, 'fresh')).backend;
  assert.equal(await hits(request('POST', '/p', '{"q":1}', { 'X-Trace': 'b', 'X-Tenant': 't1', 'User-Agent': 'u2' })), true, 'excluded header, User-Agent');
  assert.equal(await hits(request('POST', '/p', '{"q":2}', { 'X-Trace': 'a', 'X-Tenant': 't1' })), false, 'other body');
  assert.equal(await hits(request('POST', '/p', '{"q":1}', { 'X-Trace': 'a', 'X-Tenant': 't2' })), false, 'other header');
  await send(h, seq, request('GET', '/g', '{"q":1}'), 'one');
  assert.equal(await hits(request('GET', '/g', '{"q":2}')), true, 'a GET body is not hashed');
});

test('answers whose status does not match responseCodes, of methods not listed, or larger than maxMessageSize are not stored', async () => {
  const h = harness();
  const codes = h.compile(cachedFlow(`<cache><protocol><responseCodes>2[0-9][0-9]</responseCodes></protocol></cache>`, '503'));
  await send(h, codes, request('GET', '/x'), 'one');
  assert.equal((await send(h, codes, request('GET', '/x'), 'two')).backend, true);
  const methods = h.compile(cachedFlow(`<cache><protocol><methods>GET</methods></protocol></cache>`));
  await send(h, methods, request('POST', '/x', '{}'), 'one');
  assert.equal((await send(h, methods, request('POST', '/x', '{}'), 'two')).backend, true);
  const size = h.compile(cachedFlow(`<cache maxMessageSize="10"/>`));
  await send(h, size, request('GET', '/x'), 'a long answer');
  assert.equal((await send(h, size, request('GET', '/x'), 'two')).backend, true);
});

test('onCacheHit runs on the cached answer and the flow ends after it; includeAgeHeader adds Age', async () => {
  const h = harness();
  const seq = h.compile(
    cachedFlow(`<cache><onCacheHit><property name="hit" value="yes"/><log level="custom"><property name="cached" expression="json-eval($.answer)"/></log><respond/></onCacheHit><protocol><includeAgeHeader>true</includeAgeHeader></protocol></cache>`),
  );
  await send(h, seq, request('GET', '/h'), 'one');
  const msg = request('GET', '/h');
  const second = await send(h, seq, msg, 'two');
  assert.deepEqual([second.body, second.backend, msg.getProperty('hit')], ['{"answer":"one"}', false, 'yes']);
  assert.equal(second.answered?.transportHeaders.get('Age'), '0');
  assert.deepEqual(h.logLines(), ['cached = one']);
});

test('implementation maxSize bounds the entries: the oldest goes first', async () => {
  const h = harness();
  const seq = h.compile(cachedFlow(`<cache><implementation maxSize="1"/></cache>`));
  await send(h, seq, request('GET', '/1'), 'one');
  await send(h, seq, request('GET', '/2'), 'two');
  assert.equal((await send(h, seq, request('GET', '/2'), 'x')).backend, false);
  assert.equal((await send(h, seq, request('GET', '/1'), 'x')).backend, true);
});

test('a collector without a finder before it stores nothing and says so', async () => {
  const h = harness();
  const r = await h.run(h.compile(`<cache collector="true"/><property name="after" value="ran"/>`), request('GET', '/c'));
  assert.equal(r.result, true);
  assert.ok(h.logger.records.some((l) => l.level === 'WARN' && /without a valid mapping to the request hash/.test(l.message)));
});

test('what Conduit does not run is refused at deploy', () => {
  const h = harness();
  const refused = (xml: string, code: string, message: RegExp) => assert.throws(() => h.compile(xml), (err: ConduitError) => err.code === code && message.test(err.message));
  refused(`<cache><protocol type="JMS"/></cache>`, 'CONDUIT_UNSUPPORTED', /only HTTP/);
  refused(`<cache><protocol><enableCacheControl>true</enableCacheControl></protocol></cache>`, 'CONDUIT_UNSUPPORTED', /enableCacheControl/);
  refused(`<cache hashGenerator="com.example.H"/>`, 'CONDUIT_UNSUPPORTED', /com.example.H is a Java class/);
  refused(`<cache><implementation type="disk"/></cache>`, 'CONDUIT_UNSUPPORTED', /only memory/);
  refused(`<cache timeout="1m"/>`, 'CONDUIT_ARTIFACT_INVALID', /not a whole number/);
});
