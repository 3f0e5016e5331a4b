import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectFromXml } from '../../../test/helpers/project-from-xml';
import { validateProject } from '../validate';
import { attr, child, elements, parseXml, SYNAPSE_NS, textOf, type XmlElement } from '../xml';
import { buildApi, type ApiState } from './api';
import { expressionStyleFor, type ExpressionStyle } from './expression-style';
import { buildEndpoint } from './endpoint';
import { checkFields } from './fields';
import { buildMessageProcessor, MESSAGE_PROCESSOR_TYPES } from './message-processor';
import { buildMessageStore, MESSAGE_STORE_TYPES } from './message-store';
import { buildProjectPom } from './project-pom';
import { buildSequence } from './sequence';
import { artifactText } from './synapse-element';

/** Writes the element and parses it back, so every check runs on what lands in the file. */
function roundTrip(e: XmlElement): XmlElement {
  const doc = parseXml(artifactText(e));
  assert.deepEqual(doc.errors, []);
  assert.ok(doc.root);
  return doc.root;
}

const params = (e: XmlElement) => Object.fromEntries(elements(e, 'parameter').map((p) => [attr(p, 'name'), textOf(p)]));

test('api: context, resources and methods survive a round trip', () => {
  const root = roundTrip(
    buildApi({ name: 'HealthcareAPI', context: '/healthcare/', resources: [{ methods: ['POST'], uriTemplate: '/categories/{category}/reserve' }, { methods: ['GET', 'PUT'] }] }),
  );
  assert.equal(root.local, 'api');
  assert.equal(root.ns, SYNAPSE_NS);
  assert.equal(attr(root, 'context'), '/healthcare');
  const rs = elements(root, 'resource');
  assert.deepEqual(rs.map((r) => attr(r, 'methods')), ['POST', 'GET PUT']);
  assert.equal(attr(rs[0], 'uri-template'), '/categories/{category}/reserve');
  assert.equal(attr(rs[1], 'uri-template'), undefined);
  assert.ok(child(child(rs[0], 'inSequence')!, 'respond'));
});

test('api: refuses a bad context, method or template', () => {
  assert.throws(() => buildApi({ name: 'A', context: 'nope' }), /starts with/);
  assert.throws(() => buildApi({ name: 'A', context: '/a', resources: [{ methods: ['FETCH'] }] }), /not an HTTP method/);
  assert.throws(() => buildApi({ name: 'A', context: '/a', resources: [{ methods: ['GET'], uriTemplate: '/x/{y' }] }), /Braces/);
  assert.throws(() => buildApi({ name: '1bad', context: '/a' }), /start with a letter/);
});

test('endpoint: http and address forms', () => {
  const http = roundTrip(buildEndpoint({ name: 'SettlePaymentEP', type: 'http', uri: 'http://localhost:9090/healthcare/payments', method: 'POST' }));
  const h = child(http, 'http')!;
  assert.equal(attr(h, 'method'), 'post');
  assert.equal(attr(h, 'uri-template'), 'http://localhost:9090/healthcare/payments');
  assert.equal(textOf(child(child(h, 'suspendOnFailure')!, 'initialDuration')!), '-1');
  const addr = roundTrip(buildEndpoint({ name: 'A', type: 'address', uri: 'http://localhost:9090/x' }));
  assert.equal(attr(child(addr, 'address')!, 'uri'), 'http://localhost:9090/x');
  assert.throws(() => buildEndpoint({ name: 'A', type: 'http', uri: 'not a url' }), /absolute URL/);
});

test('sequence: named, optionally ending in drop', () => {
  const s = roundTrip(buildSequence({ name: 'PaymentRequestProcessingSequence', drop: true }));
  assert.equal(attr(s, 'name'), 'PaymentRequestProcessingSequence');
  assert.deepEqual(elements(s).map((e) => e.local), ['log', 'drop']);
});

test('message store: every type writes its class and default parameters', () => {
  for (const info of MESSAGE_STORE_TYPES) {
    const values: Record<string, string> = info.type === 'custom' ? { class: 'com.example.MyStore', parameters: 'a=1, b = two' } : {};
    const root = roundTrip(buildMessageStore({ name: `S_${info.type.replace('-', '_')}`, type: info.type, values }));
    assert.equal(root.local, 'messageStore', info.type);
    assert.equal(attr(root, 'class'), info.className ?? 'com.example.MyStore', info.type);
    const p = params(root);
    if (info.type === 'custom') assert.deepEqual(p, { a: '1', b: 'two' });
    for (const f of info.fields) {
      if (info.type === 'custom') continue;
      if (f.defaultValue) assert.equal(p[f.name], f.defaultValue, `${info.type} ${f.name}`);
    }
  }
});

test('message store: RabbitMQ leaves empty optional names to the runtime defaults and keeps given values', () => {
  const root = roundTrip(
    buildMessageStore({ name: 'PaymentRequestMessageStore', type: 'rabbitmq', values: { 'store.rabbitmq.queue.name': 'PaymentRequestJMSMessageStore', 'store.rabbitmq.host.port': '5673' } }),
  );
  const p = params(root);
  assert.equal(p['store.rabbitmq.queue.name'], 'PaymentRequestJMSMessageStore');
  assert.equal(p['store.rabbitmq.host.port'], '5673');
  assert.equal(p['store.rabbitmq.virtual.host'], '');
  assert.ok(!('store.rabbitmq.exchange.name' in p));
  assert.ok(!('store.rabbitmq.route.key' in p));
});

test('message store fields: checks catch bad ports, URLs and classes', () => {
  const rabbit = MESSAGE_STORE_TYPES.find((t) => t.type === 'rabbitmq')!;
  assert.match(checkFields(rabbit.fields, { 'store.rabbitmq.host.port': '70000' })['store.rabbitmq.host.port'], /port/);
  assert.deepEqual(checkFields(rabbit.fields, {}), {});
  const jdbc = MESSAGE_STORE_TYPES.find((t) => t.type === 'jdbc')!;
  assert.match(checkFields(jdbc.fields, { 'store.jdbc.connection.url': 'mysql://x' })['store.jdbc.connection.url'], /jdbc:/);
  const custom = MESSAGE_STORE_TYPES.find((t) => t.type === 'custom')!;
  assert.match(checkFields(custom.fields, {}).class, /required/);
  assert.equal(MESSAGE_STORE_TYPES.length, 8);
});

test('message processor: sampling matches the tutorial processor', () => {
  const root = roundTrip(
    buildMessageProcessor({ name: 'PaymentRequestProcessor', type: 'sampling', values: { messageStore: 'PaymentRequestMessageStore', sequence: 'PaymentRequestProcessingSequence' } }),
  );
  assert.equal(attr(root, 'class'), 'org.apache.synapse.message.processor.impl.sampler.SamplingProcessor');
  assert.equal(attr(root, 'messageStore'), 'PaymentRequestMessageStore');
  assert.deepEqual(params(root), { sequence: 'PaymentRequestProcessingSequence', interval: '1000', concurrency: '1', 'is.active': 'true' });
});

test('message processor: forwarding writes the target endpoint as attribute and parameter; failover names its target store', () => {
  const fwd = roundTrip(buildMessageProcessor({ name: 'P', type: 'scheduled-forwarding', values: { messageStore: 'S', targetEndpoint: 'EP' } }));
  assert.equal(attr(fwd, 'targetEndpoint'), 'EP');
  const p = params(fwd);
  assert.equal(p['target.endpoint'], 'EP');
  assert.equal(p['max.delivery.attempts'], '4');
  assert.equal(p['max.delivery.drop'], 'Disabled');
  assert.ok(!('message.processor.reply.sequence' in p));
  const fo = roundTrip(buildMessageProcessor({ name: 'F', type: 'failover-forwarding', values: { messageStore: 'S', 'message.target.store.name': 'T' } }));
  assert.equal(attr(fo, 'class'), 'org.apache.synapse.message.processor.impl.failover.FailoverScheduledMessageForwardingProcessor');
  assert.equal(params(fo)['message.target.store.name'], 'T');
  assert.throws(() => buildMessageProcessor({ name: 'P', type: 'sampling', values: {} }), /message store/);
  assert.equal(MESSAGE_PROCESSOR_TYPES.length, 4);
});

test('project pom: MI project type, runtime version and car plugin', () => {
  const root = roundTrip(buildProjectPom({ name: 'HealthcareIntegration', uuid: 'u-1' }));
  assert.equal(textOf(child(root, 'artifactId')!), 'HealthcareIntegration');
  const props = child(root, 'properties')!;
  assert.equal(textOf(child(props, 'projectType')!), 'integration-project');
  assert.equal(textOf(child(props, 'project.runtime.version')!), '4.4.0');
  assert.equal(textOf(child(props, 'uuid')!), 'u-1');
});

test('expression style: MI 4.4.0 and later write mi44, earlier or unknown runtimes classic', () => {
  assert.equal(expressionStyleFor('4.3.0'), 'classic');
  assert.equal(expressionStyleFor('4.4.0'), 'mi44');
  assert.equal(expressionStyleFor('4.10.1'), 'mi44');
  assert.equal(expressionStyleFor('5.0'), 'mi44');
  assert.equal(expressionStyleFor('4.4.0-SNAPSHOT'), 'mi44');
  assert.equal(expressionStyleFor(undefined), 'classic');
  assert.equal(expressionStyleFor('latest'), 'classic');
  // A project made by Create Project with its default runtime writes the MI 4.4 style.
  const pom = buildProjectPom({ name: 'P', uuid: 'u' });
  assert.equal(expressionStyleFor(textOf(child(child(pom, 'properties')!, 'project.runtime.version')!)), 'mi44');
});

const ordersApi = (expressionStyle: ExpressionStyle): ApiState => ({
  name: 'OrdersAPI',
  context: '/orders',
  resources: [{ methods: ['GET'], uriTemplate: '/{id}' }, { methods: ['POST', 'PUT'], uriTemplate: '/{id}/lines?sku={sku}' }, { methods: ['DELETE'] }],
  expressionStyle,
});

const logOf = (resource: XmlElement) => child(child(resource, 'inSequence')!, 'log')!;

test('api: classic style keeps the full-envelope log', () => {
  const root = roundTrip(buildApi(ordersApi('classic')));
  for (const r of elements(root, 'resource')) {
    assert.equal(attr(logOf(r), 'level'), 'full');
    assert.equal(child(logOf(r), 'message'), undefined);
  }
  assert.equal(artifactText(buildApi(ordersApi('classic'))), artifactText(buildApi({ ...ordersApi('classic'), expressionStyle: undefined })));
});

test('api: mi44 style logs a template of the method, path and matched parameters', () => {
  const root = roundTrip(buildApi(ordersApi('mi44')));
  const messages = elements(root, 'resource').map((r) => {
    assert.equal(attr(logOf(r), 'category'), 'INFO');
    assert.equal(attr(logOf(r), 'level'), undefined);
    return textOf(child(logOf(r), 'message')!);
  });
  assert.deepEqual(messages, [
    'GET /orders/${params.pathParams.id}',
    'POST PUT /orders/${params.pathParams.id}/lines?sku=${params.queryParams.sku}',
    'DELETE /orders',
  ]);
});

test('sequence: mi44 style logs the payload through a template, classic the full envelope', () => {
  const mi44 = roundTrip(buildSequence({ name: 'AuditSequence', expressionStyle: 'mi44' }));
  assert.equal(textOf(child(child(mi44, 'log')!, 'message')!), 'AuditSequence: ${payload}');
  const classic = roundTrip(buildSequence({ name: 'AuditSequence', expressionStyle: 'classic' }));
  assert.equal(attr(child(classic, 'log')!, 'level'), 'full');
});

for (const style of ['mi44', 'classic'] as const) {
  test(`${style} style: the built API and sequence validate clean`, () => {
    const project = projectFromXml({
      'apis/OrdersAPI.xml': artifactText(buildApi(ordersApi(style))),
      'sequences/AuditSequence.xml': artifactText(buildSequence({ name: 'AuditSequence', drop: true, expressionStyle: style })),
    });
    assert.equal(project.artifacts.length, 2);
    assert.deepEqual(validateProject(project), []);
  });
}
