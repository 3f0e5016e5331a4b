import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findProxy, isWsdlRequest, servicePath, type CompiledProxy } from './proxy';

test('the service segment and REST_URL_POSTFIX of /services/ URLs, as the passthrough transport splits them', () => {
  assert.deepEqual(servicePath('/services/P'), { service: 'P', postfix: '' });
  assert.deepEqual(servicePath('/services/P/orders/1?x=1'), { service: 'P', postfix: '/orders/1?x=1' });
  assert.deepEqual(servicePath('/services/P?wsdl'), { service: 'P', postfix: '?wsdl' });
  assert.deepEqual(servicePath('/services/a.b.C/x'), { service: 'a.b.C', postfix: '/x' });
  assert.deepEqual(servicePath('/services/My%20Proxy'), { service: 'My Proxy', postfix: '' });
  assert.deepEqual(servicePath('/services/%E0%A4'), { service: '%E0%A4', postfix: '' }, 'a malformed escape is kept as written');
  assert.equal(servicePath('/services/'), undefined);
  assert.equal(servicePath('/servicesP'), undefined);
  assert.equal(servicePath('/api/services/P'), undefined);
});

test('a proxy is found by its name, with dots, or by an endpoint name Axis2 gives it', () => {
  const p = (name: string) => ({ name }) as CompiledProxy;
  const proxies = new Map([['Quote', p('Quote')], ['a.b', p('a.b')]]);
  assert.equal(findProxy(proxies, 'Quote')?.name, 'Quote');
  assert.equal(findProxy(proxies, 'a.b')?.name, 'a.b');
  assert.equal(findProxy(proxies, 'Quote.QuoteHttpSoap11Endpoint')?.name, 'Quote');
  assert.equal(findProxy(proxies, 'Quote.QuoteHttpsSoap12Endpoint')?.name, 'Quote');
  assert.equal(findProxy(proxies, 'Quote.QuoteHttpEndpoint')?.name, 'Quote');
  assert.equal(findProxy(proxies, 'Quote.Other'), undefined);
  assert.equal(findProxy(proxies, 'Quote.OtherHttpEndpoint'), undefined);
  assert.equal(findProxy(proxies, 'quote'), undefined);
});

test('only GET ?wsdl asks for the WSDL', () => {
  assert.equal(isWsdlRequest('GET', '/services/P?wsdl'), true);
  assert.equal(isWsdlRequest('GET', '/services/P?WSDL'), true);
  assert.equal(isWsdlRequest('POST', '/services/P?wsdl'), false);
  assert.equal(isWsdlRequest('GET', '/services/P?wsdl2'), false);
  assert.equal(isWsdlRequest('GET', '/services/P'), false);
});
