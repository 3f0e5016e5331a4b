import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readArtifact } from '../../model/artifacts';
import { compileApi } from '../api';
import { createParseContext } from '../compiler';
import { BUILTIN_MEDIATORS } from '../mediators/builtins';
import { MediatorRegistry } from '../mediators/registry';
import { dispatch } from './dispatch';
import { compileUriTemplate } from './uri-template-match';
import { parseUrlMapping, rankUrlMapping } from './url-mapping';

test('uri-template: simple variables stop at reserved characters and decode', () => {
  const t = compileUriTemplate('/categories/{category}/reserve');
  assert.deepEqual(t.match('/categories/surgery/reserve'), { category: 'surgery' });
  assert.deepEqual(t.match('/categories/surgery/reserve?x=1'), { category: 'surgery' });
  assert.deepEqual(t.match('/categories/a%20b/reserve'), { category: 'a b' });
  assert.equal(t.match('/categories/surgery/reserve/'), undefined);
  assert.equal(t.match('/categories/a/b/reserve'), undefined);
  assert.deepEqual(compileUriTemplate('/q/{a}+{b}').match('/q/x+y'), { a: 'x', b: 'y' }, '+ is reserved, so {a} stops before it');
  assert.equal(compileUriTemplate('/q/{a}').match('/q/x:y'), undefined, ': is reserved');
});

test('uri-template: trailing slash of the template is dropped; {+x} takes reserved characters; * takes the rest', () => {
  assert.deepEqual(compileUriTemplate('/doctor/{name}/').match('/doctor/bob'), { name: 'bob' });
  assert.deepEqual(compileUriTemplate('/files/{+path}').match('/files/a/b/c.txt'), { path: 'a/b/c.txt' });
  assert.deepEqual(compileUriTemplate('/any/*').match('/any/thing/here'), {});
  assert.deepEqual(compileUriTemplate('/list/{a,b}').match('/list/1,2'), { a: '1', b: '2' });
});

test('uri-template: a template with a query part matches the query literally', () => {
  const t = compileUriTemplate('/edit?a={symbol}&b={value}');
  assert.deepEqual(t.match('/edit?a=IBM&b=5'), { symbol: 'IBM', value: '5' });
  assert.equal(t.match('/edit'), undefined);
});

test('url-mapping: exact before longest prefix before extension', () => {
  assert.equal(rankUrlMapping(parseUrlMapping('/foo'), '/foo/?x=1'), 0);
  assert.equal(rankUrlMapping(parseUrlMapping('/foo'), '/foo/bar'), undefined);
  const short = rankUrlMapping(parseUrlMapping('/foo/*'), '/foo/bar/baz')!;
  const long = rankUrlMapping(parseUrlMapping('/foo/bar/*'), '/foo/bar/baz')!;
  assert.ok(long < short);
  assert.ok(rankUrlMapping(parseUrlMapping('/*'), '/anything')! > long);
  assert.equal(rankUrlMapping(parseUrlMapping('*.jsp'), '/a/b.jsp'), 2_000_000);
});

function apiOf(xml: string) {
  const { artifact } = readArtifact('/p/apis/A.xml', xml);
  assert.ok(artifact);
  const registry = new MediatorRegistry();
  for (const m of BUILTIN_MEDIATORS) registry.register(m);
  return compileApi(artifact, createParseContext('/p/apis/A.xml', { registry, resource: () => undefined }));
}

test('dispatch: context, versions, url-mapping over uri-template, 404 / 405 / 400, OPTIONS', () => {
  const api = apiOf(`<api name="A" context="/shop" xmlns="http://ws.apache.org/ns/synapse">
    <resource methods="GET" uri-template="/items/{id}"><inSequence><drop/></inSequence></resource>
    <resource methods="GET" url-mapping="/items/*"><inSequence><drop/></inSequence></resource>
    <resource methods="POST" uri-template="/orders" content-type="application/json"><inSequence><drop/></inSequence></resource>
  </api>`);
  const v = apiOf(`<api name="V" context="/shop" version="2" version-type="url" xmlns="http://ws.apache.org/ns/synapse">
    <resource methods="GET"><inSequence><drop/></inSequence></resource></api>`);
  const req = (method: string, path: string, contentType?: string) => dispatch([api, v], { method, path, contentType, hasBody: contentType !== undefined });
  const m = req('GET', '/shop/items/3');
  assert.equal(m.kind, 'matched');
  assert.ok(m.kind === 'matched' && m.resource.urlMapping, 'url-mapping is tried before uri-template');
  assert.equal(req('GET', '/shop/2/anything').kind === 'matched' && (req('GET', '/shop/2/anything') as { api: { name: string } }).api.name, 'V');
  assert.deepEqual(req('GET', '/shop/nothing'), { kind: 'status', api, status: 404 });
  assert.deepEqual(req('DELETE', '/shop/orders'), { kind: 'status', api, status: 405 });
  assert.deepEqual(req('POST', '/shop/orders', 'text/plain'), { kind: 'status', api, status: 400 });
  assert.equal(req('POST', '/shop/orders', 'application/json').kind, 'matched');
  assert.deepEqual(req('OPTIONS', '/shop/orders'), { kind: 'options', api, allow: ['POST', 'OPTIONS'] });
  assert.deepEqual(req('GET', '/shopping'), { kind: 'no-api' });
});
