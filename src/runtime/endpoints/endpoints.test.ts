import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { el } from '../../model/xml';
import { createFaultyBackend, type FaultyBackend } from '../../../test/helpers/backends';
import { MediationFault } from '../fault';
import { MemoryLogger } from '../logger';
import { MessageContext, Payload } from '../message';
import { parseEndpointElement, type LeafDefinition } from './definition';
import { LeafEndpoint } from './endpoint';
import { HttpClient } from './http-client';
import { SuspensionState } from './suspension';
import { expandEndpointUrl } from './url';

test('uri-template expansion: RFC 6570 encoding, the "{" → "{+" rule, raw template without variables', () => {
  assert.equal(expandEndpointUrl('http://h/{uri.var.a}/x{?query.param.q}', { 'uri.var.a': 'a b/c', 'query.param.q': 'z&1' }), 'http://h/a%20b%2Fc/x?query.param.q=z%261');
  assert.equal(expandEndpointUrl('{uri.var.base}/p', { 'uri.var.base': 'http://h:1/api' }), 'http://h:1/api/p');
  assert.equal(expandEndpointUrl('http://h/{uri.var.missing}/p', { 'uri.var.other': '1' }), 'http://h//p');
  assert.equal(expandEndpointUrl('http://h/{uri.var.a}', {}), 'http://h/{uri.var.a}');
});

test('suspension: timeouts count down retries; other errors suspend at once; -1 means 30 s; progression is capped', () => {
  let now = 1000;
  const s = new SuspensionState(
    { timeoutCodes: [101504], retriesBeforeSuspension: 1, retryDelay: 0, suspendCodes: [], initialDuration: -1, progressionFactor: 2, maximumDuration: 50_000 },
    () => now,
  );
  assert.equal(s.onFailure(101504), undefined);
  assert.equal(s.state, 'timeout');
  assert.equal(s.onFailure(101504), 30_000);
  assert.equal(s.state, 'suspended');
  assert.equal(s.blockedFor(), 30_000);
  now += 30_000;
  assert.equal(s.blockedFor(), 0);
  assert.equal(s.onFailure(101503), 50_000, '30 s × 2 is capped at maximumDuration');
  s.onSuccess();
  assert.equal(s.state, 'active');
  assert.equal(s.onFailure(101503), 30_000, 'success resets the progression');
  const only = new SuspensionState({ ...DEFAULTS, suspendCodes: [101503] });
  assert.equal(only.onFailure(101500), undefined, 'codes not listed leave the endpoint active');
  assert.equal(only.state, 'active');
});

const DEFAULTS = { timeoutCodes: [101504, 101505], retriesBeforeSuspension: 0, retryDelay: 0, suspendCodes: [], initialDuration: -1, progressionFactor: 1, maximumDuration: Number.MAX_SAFE_INTEGER };

describe('endpoints against a real back end', () => {
  let backend: FaultyBackend;
  const client = new HttpClient();
  const logger = new MemoryLogger();
  const ctx = { logger, client };
  before(async () => (backend = await createFaultyBackend()));
  after(async () => {
    client.close();
    await backend.close();
  });

  const endpoint = (inner: ReturnType<typeof el>) => new LeafEndpoint(parseEndpointElement(el('endpoint', { name: 'EP' }, [inner]), 'ep.xml') as LeafDefinition);

  test('http endpoint: method, expanded URL, JSON body; the answer replaces payload and sets HTTP_SC', async () => {
    await backend.set({ kind: 'ok' });
    const ep = endpoint(el('http', { method: 'post', 'uri-template': `${backend.url}/c/{uri.var.category}/reserve` }));
    const msg = new MessageContext();
    msg.setProperty('uri.var.category', 'surgery');
    msg.setPayload(Payload.json('{"a":1}'));
    msg.axis2.set('ContentType', 'application/json');
    await ep.send(msg, ctx);
    const got = backend.requests.at(-1)!;
    assert.equal(got.method, 'POST');
    assert.equal(got.url, '/c/surgery/reserve');
    assert.equal(msg.axis2.get('HTTP_SC'), 200);
    assert.equal(msg.payload.text, '{"a":1}');
    assert.equal(msg.to, 'http://www.w3.org/2005/08/addressing/anonymous');
  });

  test('address endpoint appends REST_URL_POSTFIX and reuses the request method; a GET sends no body', async () => {
    const ep = endpoint(el('address', { uri: `${backend.url}/base` }));
    const msg = new MessageContext();
    msg.method = 'GET';
    msg.axis2.set('REST_URL_POSTFIX', '/x/y?z=1');
    msg.setPayload(Payload.json('{"ignored":true}'));
    await ep.send(msg, ctx);
    const got = backend.requests.at(-1)!;
    assert.equal(got.method, 'GET');
    assert.equal(got.url, '/base/x/y?z=1');
    assert.equal(got.body, '');
  });

  test("an address endpoint's format forces the method, the media type and the SOAP action, as Synapse's sender does", async () => {
    await backend.set({ kind: 'ok' });
    const send = async (format: string, setup: (msg: MessageContext) => void) => {
      const msg = new MessageContext();
      msg.method = 'GET';
      msg.axis2.set('REST_URL_POSTFIX', '/view/IBM');
      setup(msg);
      await endpoint(el('address', { uri: `${backend.url}/services/Quote`, format })).send(msg, ctx);
      return backend.requests.at(-1)!;
    };
    const quote = (msg: MessageContext) => {
      msg.setPayload(Payload.xml('<m0:getQuote xmlns:m0="http://services.samples"><m0:symbol>IBM</m0:symbol></m0:getQuote>'));
      msg.axis2.set('WSAction', 'urn:getQuote');
    };
    const soap11 = await send('soap11', quote);
    assert.equal(soap11.method, 'POST', 'a GET becomes a POST');
    assert.equal(soap11.url, '/services/Quote', 'the SOAP formats take no REST postfix');
    assert.equal(soap11.headers['content-type'], 'text/xml');
    assert.equal(soap11.headers['soapaction'], '"urn:getQuote"');
    assert.match(soap11.body, /^<soapenv:Envelope xmlns:soapenv="http:\/\/schemas.xmlsoap.org\/soap\/envelope\/"><soapenv:Body><m0:getQuote/);
    const soap12 = await send('soap12', quote);
    assert.equal(soap12.method, 'POST');
    assert.equal(soap12.headers['content-type'], 'application/soap+xml');
    assert.match(soap12.body, /http:\/\/www.w3.org\/2003\/05\/soap-envelope/);
    const json = (msg: MessageContext) => {
      msg.method = 'POST';
      msg.setPayload(Payload.json('{"order":{"id":7}}'));
      msg.axis2.set('ContentType', 'application/json; charset=UTF-8');
    };
    const pox = await send('pox', json);
    assert.equal(pox.method, 'POST');
    assert.equal(pox.headers['content-type'], 'application/xml; charset=UTF-8', 'pox keeps the charset');
    assert.equal(pox.body, '<jsonObject><order><id>7</id></order></jsonObject>', 'JSON is written as MI writes it as XML');
    const get = await send('get', json);
    assert.equal(get.method, 'GET');
    assert.equal(get.body, '');
  });

  test('HTTP 5xx is an answer, not a fault', async () => {
    await backend.set({ kind: 'error', status: 503 });
    const ep = endpoint(el('http', { method: 'get', 'uri-template': `${backend.url}/e` }));
    const msg = new MessageContext();
    await ep.send(msg, ctx);
    assert.equal(msg.axis2.get('HTTP_SC'), 503);
    assert.equal(ep.state.state, 'active');
  });

  test('timeout: fault 101504 after the configured duration; the endpoint then fails fast as suspended', async () => {
    await backend.set({ kind: 'slow', ms: 2000 });
    const ep = endpoint(
      el('http', { method: 'get', 'uri-template': `${backend.url}/slow` }, [el('timeout', {}, [el('duration', {}, ['100']), el('responseAction', {}, ['fault'])])]),
    );
    await assert.rejects(ep.send(new MessageContext(), ctx), (e: unknown) => e instanceof MediationFault && e.errorCode === 101504);
    const before = backend.requests.length;
    await assert.rejects(ep.send(new MessageContext(), ctx), (e: unknown) => e instanceof MediationFault && e.errorCode === 303001 && e.code === 'CONDUIT_ENDPOINT_SUSPENDED');
    assert.equal(backend.requests.length, before, 'a suspended endpoint sends nothing');
  });

  test('connection reset is 101505; connection refused is 101503', async () => {
    await backend.set({ kind: 'reset' });
    const ep = endpoint(el('http', { method: 'get', 'uri-template': `${backend.url}/r` }));
    await assert.rejects(ep.send(new MessageContext(), ctx), (e: unknown) => e instanceof MediationFault && e.errorCode === 101505);
    await backend.set({ kind: 'down' });
    const ep2 = endpoint(el('http', { method: 'get', 'uri-template': `${backend.url}/d` }));
    await assert.rejects(ep2.send(new MessageContext(), ctx), (e: unknown) => e instanceof MediationFault && e.errorCode === 101503 && e.code === 'CONDUIT_ENDPOINT_UNREACHABLE');
    await backend.set({ kind: 'ok' });
  });
});
