import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { referenceProject } from '../../test/helpers/reference';
import {
  apiView,
  endpointView,
  inboundEndpointView,
  localEntryView,
  messageProcessorView,
  messageStoreView,
  parameterValue,
  proxyView,
  readArtifact,
  references,
  sequenceView,
  taskView,
  templateView,
  writeArtifact,
} from './artifacts';
import { loadProject } from './project';
import { ProjectIndex } from './validate';
import type { Artifact } from './types';
import { elementToString, writeXml, type Range, type XmlElement } from './xml';

const FIXTURE = join(__dirname, '..', '..', 'samples', 'healthcare', 'src', 'main', 'wso2mi', 'artifacts');
const S = 'xmlns="http://ws.apache.org/ns/synapse"';

function read(file: string, text: string): Artifact {
  const { artifact, problems } = readArtifact(file, text);
  assert.deepEqual(problems, []);
  assert.ok(artifact);
  return artifact;
}

function readFile(path: string): Artifact {
  return read(path, readFileSync(path, 'utf8'));
}

/** The source text a range covers. */
function at(a: Artifact, r: Range | undefined): string {
  assert.ok(r);
  return a.doc.text.slice(r.start.offset, r.end.offset);
}

function isConfigs(n: 1 | 2 | 3 | 4 | 5, t: Parameters<typeof referenceProject>[0], ...parts: string[]): string | undefined {
  const root = referenceProject(t, n);
  return root && join(root, 'SampleServicesConfigs', 'src', 'main', 'synapse-config', ...parts);
}

test('readArtifact reports malformed XML with its line and reads nothing', () => {
  const { artifact, problems } = readArtifact('/p/Bad.xml', `<?xml version="1.0"?>\n<api ${S} name="A" context="/a">\n  <resource>\n</api>\n`);
  assert.equal(artifact, undefined);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].code, 'CONDUIT_XML_MALFORMED');
  assert.equal(problems[0].file, '/p/Bad.xml');
  assert.equal(problems[0].range?.start.line, 3);
});

test('readArtifact rejects an unknown root and warns about a missing namespace', () => {
  const unknown = readArtifact('/p/x.xml', `<definitions ${S}/>`);
  assert.equal(unknown.artifact, undefined);
  assert.equal(unknown.problems[0].code, 'CONDUIT_ARTIFACT_UNKNOWN');

  const noNs = readArtifact('/p/s.xml', '<sequence name="S"><drop/></sequence>');
  assert.equal(noNs.artifact?.name, 'S');
  assert.deepEqual(noNs.problems.map((p) => [p.code, p.severity]), [['CONDUIT_XML_NAMESPACE', 'warning']]);

  const nameless = readArtifact('/p/e.xml', `<endpoint ${S}><http uri-template="http://x"/></endpoint>`);
  assert.deepEqual(nameless.problems.map((p) => p.code), ['CONDUIT_ARTIFACT_INVALID']);
});

test('readArtifact names a local entry by its key and points nameRange at the value', () => {
  const a = read('/p/le.xml', `<localEntry ${S} key="Greeting">hello</localEntry>`);
  assert.equal(a.kind, 'localEntry');
  assert.equal(a.name, 'Greeting');
  assert.equal(at(a, a.nameRange), 'Greeting');
  const v = localEntryView(a);
  assert.equal(v.type, 'text');
  assert.equal(v.text, 'hello');
});

test('apiView reads the tutorial 5 API', (t) => {
  const file = isConfigs(5, t, 'api', 'HealthcareAPI.xml');
  if (!file) return;
  const a = readFile(file);
  const v = apiView(a);
  assert.equal(v.context?.value, '/healthcare');
  assert.equal(at(a, v.context?.range), '/healthcare');
  assert.equal(v.resources.length, 2);
  const [query, reserve] = v.resources;
  assert.deepEqual(query.methods, ['GET']);
  assert.equal(query.uriTemplate?.value, '/querydoctor/{category}');
  assert.deepEqual(query.inSequence?.mediators.map((m) => m.local), ['log', 'send']);
  assert.deepEqual(query.outSequence?.mediators.map((m) => m.local), ['send']);
  assert.deepEqual(query.faultSequence?.mediators, []);
  assert.deepEqual(reserve.methods, ['POST']);
  assert.equal(at(a, reserve.uriTemplate?.range), '/categories/{category}/reserve');
  assert.deepEqual(
    reserve.inSequence?.mediators.map((m) => m.local),
    ['property', 'property', 'datamapper', 'switch', 'property', 'property', 'property', 'call', 'property', 'payloadFactory', 'store', 'payloadFactory', 'respond'],
  );
});

test('apiView reads versions and sequence keys', () => {
  const a = read(
    '/p/api.xml',
    `<api ${S} name="V" context="/v/{version}" version="2.0" version-type="context" hostname="h" port="8290">
       <resource methods="get post" url-mapping="/x/*" inSequence="InSeq" faultSequence="Fault"><outSequence><respond/></outSequence></resource>
     </api>`,
  );
  const v = apiView(a);
  assert.equal(v.version?.value, '2.0');
  assert.equal(v.versionType?.value, 'context');
  assert.equal(v.hostname?.value, 'h');
  assert.equal(v.port?.value, '8290');
  const r = v.resources[0];
  assert.deepEqual(r.methods, ['GET', 'POST']);
  assert.equal(r.urlMapping?.value, '/x/*');
  assert.equal(r.inSequence?.key?.value, 'InSeq');
  assert.equal(at(a, r.inSequence?.key?.range), 'InSeq');
  assert.equal(r.faultSequence?.key?.value, 'Fault');
  assert.deepEqual(r.outSequence?.mediators.map((m) => m.local), ['respond']);
});

test('endpointView reads the tutorial HTTP endpoints with their QoS values', (t) => {
  const file = isConfigs(5, t, 'endpoints', 'ChannelingFeeEP.xml');
  if (!file) return;
  const a = readFile(file);
  const v = endpointView(a);
  assert.equal(v.type, 'http');
  assert.equal(v.method?.value, 'get');
  assert.equal(v.uriTemplate?.value, 'http://localhost:9090/{uri.var.hospital}/categories/appointments/{uri.var.appointment_id}/fee');
  assert.equal(v.suspendOnFailure?.initialDuration?.value, '-1');
  assert.equal(at(a, v.suspendOnFailure?.initialDuration?.range), '-1');
  assert.equal(v.suspendOnFailure?.progressionFactor?.value, '1.0');
  assert.equal(v.markForSuspension?.retriesBeforeSuspension?.value, '0');
  assert.equal(at(a, v.markForSuspension?.retriesBeforeSuspension?.range), '0');
});

test('endpointView reads address, indirect, template and group endpoints', () => {
  const address = endpointView(
    read(
      '/p/a.xml',
      `<endpoint ${S} name="A"><address uri="http://x/y" format="pox"><timeout><duration> 3000 </duration><responseAction>fault</responseAction></timeout></address>
       <property name="uri.var.x" value="1"/></endpoint>`,
    ),
  );
  assert.equal(address.type, 'address');
  assert.equal(address.uri?.value, 'http://x/y');
  assert.equal(address.format?.value, 'pox');
  assert.equal(address.timeout?.duration?.value, '3000');
  assert.equal(address.timeout?.responseAction?.value, 'fault');
  assert.deepEqual(address.properties.map((p) => [p.name, p.value]), [['uri.var.x', '1']]);

  assert.equal(endpointView(read('/p/i.xml', `<endpoint ${S} name="I" key="Other"/>`)).key?.value, 'Other');
  const tpl = endpointView(read('/p/t.xml', `<endpoint ${S} name="T" template="EpTemplate" uri="http://t"><parameter name="p" value="v"/></endpoint>`));
  assert.equal(tpl.type, 'template');
  assert.equal(tpl.template?.value, 'EpTemplate');
  assert.deepEqual(tpl.templateParameters.map((p) => [p.name, p.value]), [['p', 'v']]);
  const group = endpointView(read('/p/g.xml', `<endpoint ${S} name="G"><failover><endpoint key="A"/><endpoint key="B"/></failover></endpoint>`));
  assert.equal(group.type, 'failover');
  assert.equal(group.children.length, 2);
});

test('sequenceView reads the tutorial processing sequence', (t) => {
  const file = isConfigs(5, t, 'sequences', 'PaymentRequestProcessingSequence.xml');
  if (!file) return;
  const v = sequenceView(readFile(file));
  assert.equal(v.name?.value, 'PaymentRequestProcessingSequence');
  assert.deepEqual(v.mediators.map((m) => m.local), ['call', 'log', 'drop']);
  assert.equal(v.onError, undefined);
  assert.equal(sequenceView(read('/p/s.xml', `<sequence ${S} name="S" onError="Err"><description>d</description><drop/></sequence>`)).onError?.value, 'Err');
});

test('messageStoreView reads the tutorial RabbitMQ store in order', (t) => {
  const file = isConfigs(5, t, 'message-stores', 'PaymentRequestMessageStore.xml');
  if (!file) return;
  const a = readFile(file);
  const v = messageStoreView(a);
  assert.equal(v.type, 'rabbitmq');
  assert.equal(v.className, 'org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore');
  assert.deepEqual(
    v.parameters.map((p) => p.name),
    [
      'store.rabbitmq.host.name',
      'store.producer.guaranteed.delivery.enable',
      'store.rabbitmq.host.port',
      'store.rabbitmq.route.key',
      'store.rabbitmq.username',
      'store.rabbitmq.virtual.host',
      'rabbitmq.connection.ssl.enabled',
      'store.rabbitmq.exchange.name',
      'store.rabbitmq.queue.name',
      'store.rabbitmq.password',
    ],
  );
  assert.equal(parameterValue(v.parameters, 'store.rabbitmq.queue.name'), 'PaymentRequestJMSMessageStore');
  assert.equal(parameterValue(v.parameters, 'store.rabbitmq.virtual.host'), '');
  const port = v.parameters.find((p) => p.name === 'store.rabbitmq.host.port');
  assert.equal(at(a, port?.valueRange), '5672');
});

test('messageStoreView maps deprecated and missing classes', () => {
  const store = (cls: string, params = '') => messageStoreView(read('/p/m.xml', `<messageStore ${S} name="M"${cls}>${params}</messageStore>`));
  assert.equal(store('').type, 'in-memory');
  assert.equal(store(' class="org.apache.synapse.message.store.InMemoryMessageStore"').className, 'org.apache.synapse.message.store.impl.memory.InMemoryStore');
  assert.equal(store(' class="org.wso2.carbon.message.store.persistence.jms.JMSMessageStore"').type, 'jms');
  assert.equal(
    store(
      ' class="org.apache.synapse.message.store.impl.jms.JmsStore"',
      '<parameter name="java.naming.factory.initial">org.wso2.andes.jndi.PropertiesFileInitialContextFactory</parameter>',
    ).type,
    'wso2mb',
  );
  assert.equal(store(' class="org.apache.synapse.message.store.impl.jdbc.JDBCMessageStore"').type, 'jdbc');
  assert.equal(store(' class="org.apache.synapse.message.store.impl.resequencer.ResequenceMessageStore"').type, 'resequence');
  assert.equal(store(' class="com.acme.Store"').type, 'custom');
  const expr = store('', '<parameter name="store.resequence.id.path" expression="json-eval($.id)"/><parameter name="k" key="conf:x"/>');
  assert.equal(expr.parameters[0].expression, 'json-eval($.id)');
  assert.equal(expr.parameters[1].key, 'conf:x');
});

test('messageProcessorView reads the tutorial sampling processor and maps deprecated classes', (t) => {
  const deprecated = messageProcessorView(
    read('/p/p.xml', `<messageProcessor ${S} name="P" class="org.apache.synapse.message.processors.forward.ScheduledMessageForwardingProcessor" messageStore="S" targetEndpoint="E"/>`),
  );
  assert.equal(deprecated.kind, 'scheduled-forwarding');
  assert.equal(deprecated.targetEndpoint?.value, 'E');
  const failover = messageProcessorView(
    read('/p/f.xml', `<messageProcessor ${S} name="F" class="org.apache.synapse.message.processor.impl.failover.FailoverScheduledMessageForwardingProcessor" messageStore="S"/>`),
  );
  assert.equal(failover.kind, 'failover-forwarding');

  const file = isConfigs(5, t, 'message-processors', 'PaymentRequestProcessor.xml');
  if (!file) return;
  const a = readFile(file);
  const v = messageProcessorView(a);
  assert.equal(v.kind, 'sampling');
  assert.equal(v.messageStore?.value, 'PaymentRequestMessageStore');
  assert.equal(at(a, v.messageStore?.range), 'PaymentRequestMessageStore');
  assert.equal(parameterValue(v.parameters, 'sequence'), 'PaymentRequestProcessingSequence');
  assert.equal(parameterValue(v.parameters, 'interval'), '1000');
  assert.equal(parameterValue(v.parameters, 'concurrency'), '1');
});

test('proxy, template, inbound endpoint and task views', () => {
  const proxy = proxyView(
    read(
      '/p/px.xml',
      `<proxy ${S} name="Px" transports="http https" startOnLoad="true"><target inSequence="In" endpoint="Ep"><outSequence><send/></outSequence></target>
       <parameter name="serviceType">proxy</parameter></proxy>`,
    ),
  );
  assert.deepEqual(proxy.transports, ['http', 'https']);
  assert.equal(proxy.target?.inSequence?.key?.value, 'In');
  assert.equal(proxy.target?.endpointKey?.value, 'Ep');
  assert.deepEqual(proxy.target?.outSequence?.mediators.map((m) => m.local), ['send']);
  assert.equal(parameterValue(proxy.parameters, 'serviceType'), 'proxy');

  const tpl = templateView(read('/p/tp.xml', `<template ${S} name="Tp"><parameter name="a" isMandatory="true"/><parameter name="b" defaultValue="x"/><sequence><log/></sequence></template>`));
  assert.equal(tpl.type, 'sequence');
  assert.deepEqual(tpl.parameters.map((p) => [p.name, p.isMandatory, p.defaultValue]), [['a', true, undefined], ['b', undefined, 'x']]);

  const ib = inboundEndpointView(
    read('/p/ib.xml', `<inboundEndpoint ${S} name="Ib" protocol="http" sequence="In" onError="Err"><parameters><parameter name="inbound.http.port">8085</parameter></parameters></inboundEndpoint>`),
  );
  assert.equal(ib.protocol?.value, 'http');
  assert.equal(parameterValue(ib.parameters, 'inbound.http.port'), '8085');

  const task = taskView(
    read('/p/tk.xml', `<task ${S} name="Tk" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz"><trigger interval="5"/><property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="sequenceName" value="Seq"/></task>`),
  );
  assert.equal(task.trigger?.interval?.value, '5');
  assert.deepEqual(task.properties.map((p) => [p.name, p.value]), [['sequenceName', 'Seq']]);
});

test('references lists every endpoint, store and registry key of the tutorial 5 API with exact ranges', (t) => {
  const file = isConfigs(5, t, 'api', 'HealthcareAPI.xml');
  if (!file) return;
  const a = readFile(file);
  const refs = references(a);
  assert.deepEqual(
    refs.map((r) => `${r.kind}:${r.key}`),
    [
      'endpoint:QueryDoctorEP',
      'registry:gov:datamapper/RequestMapping.dmc',
      'registry:gov:datamapper/RequestMapping_inputSchema.json',
      'registry:gov:datamapper/RequestMapping_outputSchema.json',
      'registry:gov:datamapper/RequestMapping_xsltStyleSheet.xml',
      'endpoint:GrandOakEP',
      'endpoint:ClemencyEP',
      'endpoint:PineValleyEP',
      'endpoint:ChannelingFeeEP',
      'messageStore:PaymentRequestMessageStore',
    ],
  );
  for (const r of refs) assert.equal(at(a, r.range), r.key);
});

test('references covers processors, stores, sequences, proxies and mediator keys', () => {
  const kinds = (a: Artifact) => references(a).map((r) => `${r.kind}:${r.key}`);
  const proc = read(
    '/p/p.xml',
    `<messageProcessor ${S} name="P" class="org.apache.synapse.message.processor.impl.failover.FailoverScheduledMessageForwardingProcessor" messageStore="Store" targetEndpoint="Ep">
       <parameter name="sequence">Seq</parameter>
       <parameter name="target.endpoint">Ep2</parameter>
       <parameter name="message.processor.reply.sequence">Reply</parameter>
       <parameter name="message.processor.fault.sequence">Fault</parameter>
       <parameter name="message.processor.deactivate.sequence">Deact</parameter>
       <parameter name="message.processor.failMessagesStore">Dead</parameter>
       <parameter name="message.target.store.name">Target</parameter>
       <parameter name="interval">1000</parameter>
     </messageProcessor>`,
  );
  assert.deepEqual(kinds(proc), [
    'messageStore:Store',
    'endpoint:Ep',
    'sequence:Seq',
    'sequence:Reply',
    'sequence:Fault',
    'sequence:Deact',
    'messageStore:Dead',
    'messageStore:Target',
    'endpoint:Ep2',
  ]);
  for (const r of references(proc)) assert.equal(at(proc, r.range), r.key);

  const store = read('/p/s.xml', `<messageStore ${S} name="S"><parameter name="store.failover.message.store.name">Backup</parameter></messageStore>`);
  assert.deepEqual(kinds(store), ['messageStore:Backup']);

  const seq = read(
    '/p/q.xml',
    `<sequence ${S} name="Q" onError="Err"><sequence key="Sub"/><sequence key="{get-property('dyn')}"/><store messageStore="St" sequence="OnStore"/>
       <xslt key="conf:xslt/t.xsl"/><script language="js" key="ScriptEntry"/><call-template target="Tpl"/>
       <send><endpoint><address uri="http://inline"/></endpoint></send></sequence>`,
  );
  assert.deepEqual(kinds(seq), [
    'sequence:Err',
    'sequence:Sub',
    'messageStore:St',
    'sequence:OnStore',
    'registry:conf:xslt/t.xsl',
    'localEntry:ScriptEntry',
    'template:Tpl',
  ]);

  const proxy = read('/p/px.xml', `<proxy ${S} name="Px"><target inSequence="In" outSequence="Out" faultSequence="F" endpoint="Ep"/></proxy>`);
  assert.deepEqual(kinds(proxy), ['sequence:In', 'sequence:Out', 'sequence:F', 'endpoint:Ep']);
  const api = read('/p/a.xml', `<api ${S} name="A" context="/a"><resource inSequence="In" faultSequence="F"/></api>`);
  assert.deepEqual(kinds(api), ['sequence:In', 'sequence:F']);
});

/** A comparable copy of a view: ranges, parents and layout whitespace left out. */
function plain(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(plain);
  if (!x || typeof x !== 'object') return x;
  const o = x as Record<string, unknown>;
  if (o.kind === 'element') {
    const e = x as XmlElement;
    return {
      name: e.name,
      attrs: e.attrs.map((a) => [a.name, a.value]),
      children: e.children.filter((c) => c.kind === 'element' || c.cdata || c.text.trim() !== '').map((c) => (c.kind === 'text' ? c.text : plain(c))),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'range' || k === 'valueRange' || k === 'methodsRange' || k === 'parent') continue;
    out[k] = plain(v);
  }
  return out;
}

function viewOf(a: Artifact): unknown {
  switch (a.kind) {
    case 'api':
      return apiView(a);
    case 'endpoint':
      return endpointView(a);
    case 'sequence':
      return sequenceView(a);
    case 'messageStore':
      return messageStoreView(a);
    case 'messageProcessor':
      return messageProcessorView(a);
    case 'localEntry':
      return localEntryView(a);
    case 'proxy':
      return proxyView(a);
    case 'template':
      return templateView(a);
    case 'inboundEndpoint':
      return inboundEndpointView(a);
    case 'task':
      return taskView(a);
  }
}

async function assertRoundTrips(dir: string): Promise<number> {
  const project = await loadProject(dir);
  assert.deepEqual(project.problems, []);
  for (const a of project.artifacts) {
    const again = read(a.file, writeArtifact(a));
    assert.equal(again.kind, a.kind);
    assert.equal(again.name, a.name);
    assert.deepEqual(plain(viewOf(again)), plain(viewOf(a)), a.file);
    assert.deepEqual(plain(again.element), plain(a.element), a.file);
    assert.deepEqual(plain(references(again)), plain(references(a)), a.file);
  }
  return project.artifacts.length;
}

for (const n of [1, 2, 3, 4, 5] as const) {
  test(`parse → write → parse keeps every artifact of reference project ${n}`, async (t) => {
    const root = referenceProject(t, n);
    if (!root) return;
    assert.ok((await assertRoundTrips(root)) > 0);
  });
}

/** Each reference as kind:key@where, checked against the text its range covers. */
function listed(a: Artifact): string[] {
  return references(a).map((r) => {
    assert.equal(at(a, r.range), r.key);
    return `${r.kind}:${r.key}@${r.element.local}.${r.attribute ?? r.parameter}`;
  });
}

test('sequences named by send receive, filter branches, call-template onError and an endpoint onFault', () => {
  const seq = read(
    '/p/q.xml',
    `<sequence ${S} name="Q">
       <filter xpath="true()"><then sequence="Yes"/><else sequence="No"/></filter>
       <send receive="Reply"><endpoint key="Ep"/></send>
       <call-template target="Tpl" onError="TplErr"/>
     </sequence>`,
  );
  assert.deepEqual(listed(seq), [
    'sequence:Yes@then.sequence',
    'sequence:No@else.sequence',
    'sequence:Reply@send.receive',
    'endpoint:Ep@endpoint.key',
    'template:Tpl@call-template.target',
    'sequence:TplErr@call-template.onError',
  ]);

  const ep = read('/p/e.xml', `<endpoint ${S} name="E" onFault="EpFault"><http uri-template="http://localhost:9000/x"/></endpoint>`);
  assert.deepEqual(listed(ep), ['sequence:EpFault@endpoint.onFault']);

  const tpl = read('/p/t.xml', `<template ${S} name="T" onError="TErr"><sequence><log/></sequence></template>`);
  assert.deepEqual(listed(tpl), ['sequence:TErr@template.onError']);
});

test('a <then> outside a filter names nothing', () => {
  const seq = read('/p/q.xml', `<sequence ${S} name="Q"><enrich><then sequence="NotARef"/></enrich></sequence>`);
  assert.deepEqual(listed(seq), []);
});

test('a task injecting into a proxy names the proxy, and the index resolves it', () => {
  const task = read(
    '/p/tk.xml',
    `<task ${S} name="Tk" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz"><trigger interval="5"/>
       <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="injectTo" value="proxy"/>
       <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="proxyName" value="OrderProxy"/>
     </task>`,
  );
  assert.deepEqual(listed(task), ['proxy:OrderProxy@property.value']);
  const proxy = read('/p/px.xml', `<proxy ${S} name="OrderProxy" transports="http"><target><inSequence><drop/></inSequence></target></proxy>`);
  const index = new ProjectIndex([task]);
  assert.equal(index.resolve(references(task)[0]), undefined);
  index.set(proxy);
  assert.equal(index.resolve(references(task)[0]), proxy);
});

test('parse → write → parse keeps every artifact of the healthcare fixture', async () => {
  assert.equal(await assertRoundTrips(join(FIXTURE, '..', '..', '..', '..')), 10);
});

test('an artifact nested 20,000 levels deep is written back without overflowing the stack', () => {
  const depth = 20_000;
  const text = `<localEntry key="Deep" ${S}>${'<a xmlns="">'.repeat(depth)}x &amp; y${'</a>'.repeat(depth)}</localEntry>`;
  const a = read('/p/local-entries/Deep.xml', text);
  assert.equal(elementToString(a.element), text);
  // Unindented, so that the written text grows with the depth, not with its square.
  assert.equal(writeXml(a.element, { indent: '', declaration: false }), `<localEntry key="Deep" ${S}>\n${'<a xmlns="">\n'.repeat(depth - 1)}<a xmlns="">x &amp; y${'</a>\n'.repeat(depth - 1)}</a>\n</localEntry>\n`);
});

test('views read the fixture the same way as the tutorial', () => {
  const api = apiView(readFile(join(FIXTURE, 'apis', 'HealthcareAPI.xml')));
  assert.deepEqual(api.resources.map((r) => [r.methods, r.uriTemplate?.value]), [
    [['GET'], '/querydoctor/{category}'],
    [['POST'], '/categories/{category}/reserve'],
  ]);
  const store = messageStoreView(readFile(join(FIXTURE, 'message-stores', 'PaymentRequestMessageStore.xml')));
  assert.equal(store.type, 'rabbitmq');
  assert.equal(parameterValue(store.parameters, 'store.rabbitmq.queue.name'), 'PaymentRequestJMSMessageStore');
  const proc = messageProcessorView(readFile(join(FIXTURE, 'message-processors', 'PaymentRequestProcessor.xml')));
  assert.equal(proc.kind, 'sampling');
  assert.equal(parameterValue(proc.parameters, 'sequence'), 'PaymentRequestProcessingSequence');
  const ep = endpointView(readFile(join(FIXTURE, 'endpoints', 'SettlePaymentEP.xml')));
  assert.deepEqual([ep.type, ep.method?.value, ep.uriTemplate?.value], ['http', 'post', 'http://localhost:9090/healthcare/payments']);
});
