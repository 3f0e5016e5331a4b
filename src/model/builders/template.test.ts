import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectFromXml } from '../../../test/helpers/project-from-xml';
import { validateProject } from '../validate';
import { templateView } from '../views';
import { attr, child, elements, parseXml, textOf, type XmlElement } from '../xml';
import { checkFields } from './fields';
import { artifactText } from './synapse-element';
import { buildTemplate, parseTemplateParameters, TEMPLATE_TYPES, type TemplateState } from './template';

function roundTrip(e: XmlElement): XmlElement {
  const doc = parseXml(artifactText(e));
  assert.deepEqual(doc.errors, []);
  return doc.root!;
}

/** The templates validate clean, and the artifacts that use them resolve them without an error. */
function validates(files: Record<string, string>): void {
  const project = projectFromXml(files);
  assert.equal(project.artifacts.length, Object.keys(files).length);
  const problems = [...project.problems, ...validateProject(project)].filter((p) => p.severity !== 'info');
  assert.deepEqual(problems.filter((p) => p.file?.includes('/templates/') || p.severity === 'error'), []);
}

test('template parameters: mandatory, default and plain; contradictions and repeats refused', () => {
  assert.deepEqual(parseTemplateParameters(' orderId* , currency = EUR,note '), [
    { name: 'orderId', mandatory: true, defaultValue: undefined },
    { name: 'currency', mandatory: false, defaultValue: 'EUR' },
    { name: 'note', mandatory: false, defaultValue: undefined },
  ]);
  assert.deepEqual(parseTemplateParameters(''), []);
  assert.throws(() => parseTemplateParameters('a*=1'), /mandatory parameter takes no default/);
  assert.throws(() => parseTemplateParameters('a, a'), /listed twice/);
  assert.throws(() => parseTemplateParameters('1a'), /start with a letter/);
  assert.throws(() => parseTemplateParameters('a=1', true), /plain names/);
});

test('sequence template: parameters as MI writes them, and a body that logs them', () => {
  const root = roundTrip(buildTemplate({ name: 'Audit', type: 'sequence', values: { parameters: 'orderId*, currency=EUR' } }));
  assert.deepEqual(
    elements(root, 'parameter').map((p) => [attr(p, 'name'), attr(p, 'isMandatory'), attr(p, 'defaultValue')]),
    [['orderId', 'true', undefined], ['currency', 'false', 'EUR']],
  );
  const view = templateView(root);
  assert.equal(view.type, 'sequence');
  assert.deepEqual(
    elements(child(child(root, 'sequence')!, 'log')!, 'property').map((p) => attr(p, 'expression')),
    ['$func:orderId', '$func:currency'],
  );
  const mi44 = roundTrip(buildTemplate({ name: 'Audit', type: 'sequence', values: { parameters: 'orderId*' }, expressionStyle: 'mi44' }));
  assert.equal(textOf(child(child(child(mi44, 'sequence')!, 'log')!, 'message')!), 'Audit: orderId=${params.functionParams.orderId}');
});

test('endpoint templates: $name endpoint, the URI placeholder declared once, beside the other parameters', () => {
  const http = roundTrip(buildTemplate({ name: 'OrdersEPT', type: 'http-endpoint', values: { uri: '$orders', method: 'put', parameters: 'timeout, orders' } }));
  assert.deepEqual(elements(http, 'parameter').map((p) => attr(p, 'name')), ['orders', 'timeout']);
  const ep = child(http, 'endpoint')!;
  assert.equal(attr(ep, 'name'), '$name');
  assert.equal(attr(child(ep, 'http')!, 'method'), 'put');
  assert.equal(attr(child(ep, 'http')!, 'uri-template'), '$orders');

  const address = roundTrip(buildTemplate({ name: 'AnyEPT', type: 'address-endpoint' }));
  assert.deepEqual(elements(address, 'parameter').map((p) => attr(p, 'name')), ['uri']);
  assert.equal(attr(child(child(address, 'endpoint')!, 'address')!, 'uri'), '$uri');
  const fixed = roundTrip(buildTemplate({ name: 'F', type: 'address-endpoint', values: { uri: 'http://localhost:9090/orders' } }));
  assert.deepEqual(elements(fixed, 'parameter'), [], 'a fixed URL declares nothing');
  const sameMethod = roundTrip(buildTemplate({ name: 'H', type: 'http-endpoint' }));
  assert.equal(attr(child(child(sameMethod, 'endpoint')!, 'http')!, 'method'), undefined);
  assert.throws(() => buildTemplate({ name: 'H', type: 'http-endpoint', values: { uri: 'not a url' } }), /absolute URL/);
  // Synapse replaces whole values only, so a placeholder inside a URL would be sent as written
  assert.throws(() => buildTemplate({ name: 'H', type: 'http-endpoint', values: { uri: 'http://localhost:9090/$service/orders' } }), /only a whole \$-value/);
});

test('template fields: the wizard refuses what the builder would', () => {
  const http = TEMPLATE_TYPES.find((t) => t.type === 'http-endpoint')!;
  assert.match(checkFields(http.fields, { uri: '' }).uri, /required/);
  assert.match(checkFields(http.fields, { uri: 'localhost/x' }).uri, /absolute URL/);
  assert.match(checkFields(http.fields, { uri: 'https://$host/api' }).uri, /only a whole \$-value/);
  assert.deepEqual(checkFields(http.fields, { uri: 'https://example.com/api' }), {});
  assert.match(checkFields(http.fields, { parameters: 'a*' }).parameters, /plain names/);
  const seq = TEMPLATE_TYPES.find((t) => t.type === 'sequence')!;
  assert.match(checkFields(seq.fields, { parameters: 'a, a' }).parameters, /twice/);
});

for (const style of ['classic', 'mi44'] as const) {
  test(`${style}: every template type validates clean, and an endpoint and a call-template resolve them`, () => {
    const states: TemplateState[] = [
      { name: 'AuditTemplate', type: 'sequence', values: { parameters: 'orderId*, currency=EUR' }, expressionStyle: style },
      { name: 'EmptyTemplate', type: 'sequence', expressionStyle: style },
      { name: 'HttpTemplate', type: 'http-endpoint', values: { method: 'post', parameters: 'service' } },
      { name: 'AddressTemplate', type: 'address-endpoint' },
    ];
    const files: Record<string, string> = Object.fromEntries(states.map((s) => [`templates/${s.name}.xml`, artifactText(buildTemplate(s))]));
    files['endpoints/OrdersEP.xml'] = `<endpoint name="OrdersEP" template="HttpTemplate" uri="http://localhost:9090/orders" xmlns="http://ws.apache.org/ns/synapse">
    <parameter name="service" value="orders"/>
</endpoint>`;
    files['sequences/Caller.xml'] = `<sequence name="Caller" xmlns="http://ws.apache.org/ns/synapse">
    <call-template target="AuditTemplate"><with-param name="orderId" value="1"/></call-template>
</sequence>`;
    validates(files);
  });
}
