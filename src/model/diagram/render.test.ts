import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { MEDIATOR_LANGUAGES } from '../mediators';
import { parseXml } from '../xml';
import { flowsOf, type FlowStep } from './flow';
import type { DiagramLayout, LaidNode } from './layout';
import { DiagramError, renderDiagram } from './render';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

/** One mediator of each kind the runtime runs, each with the detail the diagram must show for it. */
const SAMPLES: Record<string, { xml: string; detail: string; branches?: string[] }> = {
  log: { xml: '<log category="INFO"><message>order ${payload.id} received</message></log>', detail: 'order ${payload.id} received' },
  property: { xml: '<property name="Hospital" expression="json-eval($.hospital)"/>', detail: 'Hospital = json-eval($.hospital)' },
  variable: { xml: '<variable name="total" type="INTEGER" value="3"/>', detail: 'total = 3' },
  payloadFactory: { xml: '<payloadFactory media-type="json"><format>{}</format><args/></payloadFactory>', detail: 'json' },
  call: { xml: '<call><endpoint key="GrandOakEP"/></call>', detail: 'GrandOakEP' },
  send: { xml: '<send><endpoint key="QueryDoctorEP"/></send>', detail: 'QueryDoctorEP' },
  respond: { xml: '<respond/>', detail: '' },
  drop: { xml: '<drop/>', detail: '' },
  loopback: { xml: '<loopback/>', detail: '' },
  switch: {
    xml: '<switch source="get-property(\'Hospital\')"><case regex="grand oak"><log/></case><case regex="clemency"><log/></case><default><drop/></default></switch>',
    detail: "get-property('Hospital')",
    branches: ['case grand oak', 'case clemency', 'default'],
  },
  filter: { xml: '<filter xpath="$ctx:ok = \'yes\'"><then><log/></then><else><drop/></else></filter>', detail: "$ctx:ok = 'yes'", branches: ['then', 'else'] },
  header: { xml: '<header name="Accept" scope="transport" value="application/json"/>', detail: 'Accept' },
  enrich: { xml: '<enrich><source type="body" clone="true"/><target type="property" property="orig"/></enrich>', detail: 'body → property' },
  sequence: { xml: '<sequence key="PaymentSeq"/>', detail: 'PaymentSeq' },
  store: { xml: '<store messageStore="PaymentRequestMessageStore"/>', detail: 'PaymentRequestMessageStore' },
  datamapper: { xml: '<datamapper config="gov:datamapper/RequestMapping.dmc" inputType="JSON" outputType="JSON"/>', detail: 'gov:datamapper/RequestMapping.dmc' },
  'call-template': { xml: '<call-template target="LogTemplate"><with-param name="m" value="x"/></call-template>', detail: 'LogTemplate' },
  makefault: { xml: '<makefault version="soap11"><code value="tns:Receiver" xmlns:tns="http://www.w3.org/2003/05/soap-envelope"/><reason value="x"/></makefault>', detail: 'soap11' },
  throwError: { xml: '<throwError type="VALIDATION" errorMessage="bad order"/>', detail: 'VALIDATION: bad order' },
  script: { xml: '<script language="js" key="conf:scripts/a.js" function="run"/>', detail: 'js conf:scripts/a.js run' },
  xslt: { xml: '<xslt key="conf:xslt/a.xslt"/>', detail: 'conf:xslt/a.xslt' },
  fastXSLT: { xml: '<fastXSLT key="conf:xslt/b.xslt"/>', detail: 'conf:xslt/b.xslt' },
  validate: { xml: '<validate><schema key="conf:schema.json"/><on-fail><respond/></on-fail></validate>', detail: 'conf:schema.json', branches: ['on-fail'] },
  cache: { xml: '<cache timeout="60"><onCacheHit><respond/></onCacheHit><implementation maxSize="10"/></cache>', detail: 'finder 60', branches: ['onCacheHit'] },
  throttle: { xml: '<throttle id="t1"><onAccept><log/></onAccept><onReject><drop/></onReject></throttle>', detail: 't1', branches: ['onAccept', 'onReject'] },
  callout: { xml: '<callout serviceURL="http://localhost:9000/s"><source type="envelope"/><target key="r"/></callout>', detail: 'http://localhost:9000/s' },
  propertyGroup: { xml: '<propertyGroup><property name="a" value="1"/><property name="b" value="2"/></propertyGroup>', detail: '2 properties' },
  iterate: { xml: '<iterate expression="//item"><target><sequence><log/></sequence></target></iterate>', detail: '//item', branches: ['target'] },
  aggregate: { xml: '<aggregate><onComplete expression="//item"><respond/></onComplete></aggregate>', detail: '', branches: ['onComplete'] },
  clone: { xml: '<clone id="c"><target><sequence><log/></sequence></target><target sequence="Other"/></clone>', detail: 'c', branches: ['target 1', 'target 2'] },
  foreach: { xml: '<foreach expression="//order"><sequence><log/></sequence></foreach>', detail: '//order', branches: ['sequence'] },
};

function stepNodes(layout: DiagramLayout): LaidNode[] {
  return layout.nodes.filter((n) => n.shape === 'step');
}

describe('diagram renderer', () => {
  test('draws every mediator kind the language knows, with its identifying detail and its branches', async () => {
    const kinds = MEDIATOR_LANGUAGES.map((m) => m.element);
    assert.deepEqual(kinds.filter((k) => !(k in SAMPLES)), [], 'every mediator kind has a sample here');
    const xml = `<sequence ${NS} name="all">\n${kinds.map((k) => `  ${SAMPLES[k].xml}`).join('\n')}\n</sequence>`;
    const { flows, layout, svg } = await renderDiagram(xml);
    const top = flows[0].sections[0].steps;
    assert.deepEqual(top.map((s) => s.kind), kinds);
    for (const step of top) {
      const sample = SAMPLES[step.kind];
      assert.equal(step.detail, sample.detail, `detail of ${step.kind}`);
      assert.deepEqual(step.branches.map((b) => b.label), sample.branches ?? [], `branches of ${step.kind}`);
      const node = layout.nodes.find((n) => n.id === step.id);
      assert.ok(node, `${step.kind} is laid out`);
      assert.match(svg, new RegExp(`data-id="${step.id.replace('.', '\\.')}"`), `${step.kind} is drawn`);
    }
    // Steps inside branches are laid out too: every element under a branch is a node.
    const all: FlowStep[] = [];
    const stack = [...top];
    while (stack.length) {
      const s = stack.pop()!;
      all.push(s);
      for (const b of s.branches) stack.push(...b.steps);
    }
    assert.equal(stepNodes(layout).length, all.length);
    const labels = layout.edges.flatMap((e) => (e.label ? [e.label.text] : []));
    for (const k of kinds) for (const b of SAMPLES[k].branches ?? []) assert.ok(labels.some((l) => l.startsWith(b)), `edge label ${b}`);
    assert.ok(labels.includes('target 2 → Other'), 'a target that names a sequence says so');
  });

  test('node ids are the one-based line and column where the element starts', async () => {
    const xml = `<sequence ${NS} name="s">\n    <log/>\n  <filter xpath="true()">\n      <then><drop/></then>\n  </filter>\n</sequence>`;
    const steps = flowsOf(parseXml(xml).root!)[0].sections[0].steps;
    assert.deepEqual(steps.map((s) => s.id), ['m2.5', 'm3.3']);
    assert.equal(steps[1].branches[0].steps[0].id, 'm4.13');
    assert.equal(xml.slice(steps[1].range.start.offset, steps[1].range.end.offset).split('\n')[0], '<filter xpath="true()">');
  });

  test('branches stay in written order, left to right, when they nest', async () => {
    const xml = `<sequence ${NS} name="s"><switch source="x">
      <case regex="a"><filter xpath="true()"><then><log description="a-then"/></then><else><log description="a-else"/></else></filter></case>
      <case regex="b"><log description="b"/></case>
      <default><filter xpath="true()"><then><log description="d-then"/></then><else><log description="d-else"/></else></filter></default>
    </switch></sequence>`;
    const { layout } = await renderDiagram(xml);
    const x = (d: string) => stepNodes(layout).find((n) => n.description === d)!.x;
    assert.ok(x('a-then') < x('a-else'));
    assert.ok(x('a-else') < x('b'));
    assert.ok(x('b') < x('d-then'));
    assert.ok(x('d-then') < x('d-else'));
    // ...and each step is below the one before it in its branch.
    const sw = stepNodes(layout).find((n) => n.kind === 'switch')!;
    for (const n of stepNodes(layout)) if (n !== sw) assert.ok(n.y > sw.y + sw.height);
  });

  test('a filter with mediators written directly inside draws them as its then branch', async () => {
    const { flows } = await renderDiagram(`<sequence ${NS} name="s"><filter source="get-property('a')" regex="x"><log/><drop/></filter></sequence>`);
    const filter = flows[0].sections[0].steps[0];
    assert.equal(filter.detail, "get-property('a') ~ x");
    assert.deepEqual(filter.branches.map((b) => [b.label, b.steps.map((s) => s.kind)]), [['then', ['log', 'drop']]]);
  });

  test('a proxy draws in, out and fault sequences with the fault sequence last, and its target endpoint', async () => {
    const xml = `<proxy ${NS} name="P" transports="http"><target faultSequence="Faults"><inSequence><log/></inSequence><outSequence><send/></outSequence><endpoint name="Back"><address uri="http://localhost:9000"/></endpoint></target></proxy>`;
    const { layout } = await renderDiagram(xml);
    assert.deepEqual(layout.flows[0].sections.map((s) => s.role), ['in', 'out', 'fault']);
    const [inS, outS, fault] = layout.flows[0].sections;
    assert.ok(inS.x < outS.x && outS.x < fault.x, 'sections side by side, fault apart at the end');
    const refs = layout.nodes.filter((n) => n.shape === 'ref').map((n) => `${n.kind} ${n.detail}`);
    assert.deepEqual(refs.sort(), ['endpoint Back', 'sequence Faults']);
  });

  test('a sequence template draws its body; an unknown element and a connector operation stay visible', async () => {
    const xml = `<template ${NS} name="T"><parameter name="p"/><sequence><log/><http.post configKey="c"/><bean action="CREATE" class="x"/></sequence></template>`;
    const { flows } = await renderDiagram(xml);
    assert.equal(flows[0].kind, 'template');
    assert.deepEqual(flows[0].sections[0].steps.map((s) => [s.kind, !!s.unknown]), [['log', false], ['http.post', true], ['bean', true]]);
  });

  test('endpoints and stores are named nodes at the edge of the flow, one per name', async () => {
    const xml = `<sequence ${NS} name="s"><call><endpoint key="A"/></call><store messageStore="S"/><call><endpoint key="A"/></call></sequence>`;
    const { layout } = await renderDiagram(xml);
    const refs = layout.nodes.filter((n) => n.shape === 'ref');
    assert.deepEqual(refs.map((n) => `${n.kind} ${n.detail}`), ['endpoint A', 'store S']);
    const rightmostStep = Math.max(...stepNodes(layout).map((n) => n.x + n.width));
    for (const r of refs) assert.ok(r.x > rightmostStep, `${r.detail} stands right of every step`);
    assert.equal(layout.edges.filter((e) => e.reference).length, 3, 'each use is drawn');
  });

  test('bad input gets a clear error', async () => {
    await assert.rejects(renderDiagram('<sequence'), (e: Error) => e instanceof DiagramError && /not well-formed XML at 1:/.test(e.message));
    await assert.rejects(renderDiagram(`<endpoint ${NS} name="E"><address uri="http://x"/></endpoint>`), /<endpoint> has no flow to draw/);
    await assert.rejects(renderDiagram(`<api ${NS} name="A" context="/a"><resource methods="GET" uri-template="/x"><inSequence/></resource></api>`, { resource: '/y' }), /no resource with uri-template \/y \(resources: \/x\)/);
  });

  test('a 300-mediator sequence draws every mediator', async () => {
    const body = Array.from({ length: 300 }, (_, i) => (i % 25 === 0 ? `<filter xpath="true()"><then><log/></then><else><drop/></else></filter>` : `<property name="p${i}" value="${i}"/>`)).join('\n');
    const { layout, svg } = await renderDiagram(`<sequence ${NS} name="big">\n${body}\n</sequence>`);
    assert.equal(stepNodes(layout).length, 300 + 12 * 2);
    assert.equal(svg.match(/data-id="/g)?.length, 324);
  });
});

describe('tutorial 5 HealthcareAPI', () => {
  const file = join(__dirname, '../../../samples/healthcare/src/main/wso2mi/artifacts/apis/HealthcareAPI.xml');
  test('both resources with the data mapper, the switch and its three hospital cases, the endpoints by name, the payloadFactory and the store', async () => {
    const { layout, flows } = await renderDiagram(readFileSync(file, 'utf8'));
    assert.deepEqual(layout.flows.map((f) => f.title), ['GET /querydoctor/{category}', 'POST /categories/{category}/reserve']);
    const reserve = flows[1].sections[0].steps;
    assert.ok(reserve.some((s) => s.kind === 'datamapper'));
    const sw = reserve.find((s) => s.kind === 'switch')!;
    assert.deepEqual(sw.branches.map((b) => b.label), ['case grand oak community hospital', 'case clemency medical center', 'case pine valley community hospital', 'default']);
    assert.ok(reserve.some((s) => s.kind === 'payloadFactory' && s.detail === 'json'));
    const refs = layout.nodes.filter((n) => n.shape === 'ref').map((n) => `${n.kind} ${n.detail}`);
    for (const ep of ['QueryDoctorEP', 'GrandOakEP', 'ClemencyEP', 'PineValleyEP', 'ChannelingFeeEP']) assert.ok(refs.includes(`endpoint ${ep}`), ep);
    assert.ok(refs.includes('store PaymentRequestMessageStore'));
  });

  test('--resource draws one resource', async () => {
    const { layout } = await renderDiagram(readFileSync(file, 'utf8'), { resource: '/categories/{category}/reserve' });
    assert.deepEqual(layout.flows.map((f) => f.title), ['POST /categories/{category}/reserve']);
  });
});
