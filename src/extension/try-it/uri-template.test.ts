import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandTemplate, resourceUrl, templateVariables } from './uri-template';

test('URI templates: variables in order, values percent-encoded, query part expanded too', () => {
  assert.deepEqual(templateVariables('/categories/{category}/reserve/{id}?from={category}'), ['category', 'id']);
  assert.equal(expandTemplate('/categories/{category}/reserve', { category: 'surgery' }), '/categories/surgery/reserve');
  assert.equal(expandTemplate('/q/{name}?x={x}', { name: 'a b/c', x: '1&2' }), '/q/a%20b%2Fc?x=1%262');
});

test('resource URLs: context without its trailing slash, query rows appended to the template query, unnamed rows skipped', () => {
  const base = 'http://localhost:8290';
  assert.equal(resourceUrl(base, '/healthcare/', '/categories/{c}/reserve', { c: 'surgery' }), `${base}/healthcare/categories/surgery/reserve`);
  assert.equal(resourceUrl(base, '/shop', '/items?sort={s}', { s: 'name' }, [['page', '2'], ['', 'x'], ['q', 'a b']]), `${base}/shop/items?sort=name&page=2&q=a%20b`);
  assert.equal(resourceUrl(base, '/shop', '/items', {}, [['tag', 'x&y']]), `${base}/shop/items?tag=x%26y`);
});
