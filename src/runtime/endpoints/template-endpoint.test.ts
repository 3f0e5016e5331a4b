import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml, SYNAPSE_NS, type XmlElement } from '../../model/xml';
import { parseEndpointElement, type LeafDefinition, type TemplateRefDefinition } from './definition';
import { compileEndpointTemplate, instantiate } from './template-endpoint';

function root(xml: string): XmlElement {
  const doc = parseXml(xml);
  assert.ok(doc.root && doc.errors.length === 0);
  return doc.root;
}

const TEMPLATE = root(`<template name="Tpl" xmlns="${SYNAPSE_NS}">
  <parameter name="method"/><parameter name="timeout"/>
  <endpoint name="$name">
    <http method="$method" uri-template="$uri"><timeout><duration>$timeout</duration></timeout></http>
    <property name="tag" value="$undeclared"/><property name="path" value="$uri/more"/>
  </endpoint>
</template>`);

test('a template endpoint carries name, uri and its <parameter>s as the values to substitute', () => {
  const def = parseEndpointElement(
    root(`<endpoint name="Orders" template="Tpl" uri="http://b/orders" xmlns="${SYNAPSE_NS}"><parameter name="method" value="put"/><parameter name="undeclared" value="x"/></endpoint>`),
    'Orders.xml',
  ) as TemplateRefDefinition;
  assert.equal(def.kind, 'template');
  assert.equal(def.template, 'Tpl');
  assert.deepEqual(Object.fromEntries(def.parameters), { name: 'Orders', uri: 'http://b/orders', method: 'put', undeclared: 'x' });
  assert.throws(() => parseEndpointElement(root(`<endpoint template="Tpl" xmlns="${SYNAPSE_NS}"><parameter name="m"/></endpoint>`), 'E.xml'), /needs a name and a value/);
});

test('instantiating replaces whole $x values of declared parameters only, in attributes and text', () => {
  const template = compileEndpointTemplate(TEMPLATE, 'Tpl.xml', 'Tpl');
  assert.deepEqual([...template.parameters].sort(), ['method', 'name', 'timeout', 'uri']);
  const values = new Map([
    ['name', 'Orders'],
    ['uri', 'http://b/orders/{uri.var.id}'],
    ['method', 'put'],
    ['timeout', '2500'],
    ['undeclared', 'x'],
  ]);
  const def = parseEndpointElement(instantiate(template, values), 'Tpl.xml') as LeafDefinition;
  assert.equal(def.name, 'Orders');
  assert.equal(def.kind, 'http');
  assert.equal(def.target, 'http://b/orders/{uri.var.id}');
  assert.equal(def.method, 'PUT');
  assert.equal(def.timeoutMs, 2500);
  // Not declared by the template, or not the whole value: left as written.
  assert.deepEqual(def.properties.map((p) => p.value), ['$undeclared', '$uri/more']);
  // The template itself is untouched, ready for the next endpoint that uses it.
  assert.equal(template.element.attrs[0].value, '$name');
});

test('an endpoint template without an <endpoint> is refused', () => {
  assert.throws(() => compileEndpointTemplate(root(`<template name="T" xmlns="${SYNAPSE_NS}"><parameter name="x"/></template>`), 'T.xml', 'T'), /needs an <endpoint>/);
});
