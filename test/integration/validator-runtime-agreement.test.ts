import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NS, projectFromXml } from '../helpers/project-from-xml';
import { createRuntime } from '../../src/runtime/runtime';
import { MemoryLogger } from '../../src/runtime/logger';
import { registryPathForKey } from '../../src/model/registry';
import { validateProject } from '../../src/model/validate';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

function api(body: string): string {
  return `<api name="A" context="/a" ${NS}><resource methods="POST"><inSequence>${body}</inSequence></resource></api>`;
}

/** Registry resources the bodies name. */
const REGISTRY: Record<string, string> = {
  'gov:schemas/order.json': '{"type":"object","required":["id"]}',
  'gov:schemas/order.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>',
  'gov:schemas/broken.json': '{"type":"nonsense"}',
  'gov:scripts/broken.js': 'function mediate(mc) {',
  'gov:xslt/plain.xml': '<a/>',
};

function project(body: string) {
  const p = projectFromXml({ 'apis/A.xml': api(body) });
  for (const [key, text] of Object.entries(REGISTRY)) {
    const path = registryPathForKey(key)!;
    p.registry.set(path, { path, file: `/virtual/registry${path}`, content: Buffer.from(text) });
  }
  return p;
}

/** `CODE message` of the validator's errors and warnings for an API whose inSequence is `body`. */
function validatorErrors(body: string): string[] {
  return validateProject(project(body))
    .filter((p) => p.severity !== 'info')
    .map((p) => `${p.code} ${p.message}`);
}

/** `CODE message` the runtime refuses the same API for, or undefined when it deploys. */
async function runtimeRefusal(body: string): Promise<string | undefined> {
  const rt = createRuntime({ logger: new MemoryLogger(), port: 0 });
  try {
    const report = await rt.deploy(project(body));
    const failed = report.failed[0];
    return failed && /was not deployed: (.*)$/.exec(failed.message)?.[1];
  } finally {
    await rt.stop();
  }
}

const REFUSED = [
  `<makefault version="soap11"><reason value="r"/></makefault>`,
  `<makefault version="soap12"><code xmlns:s="${SOAP11}" value="s:Server"/><reason value="r"/></makefault>`,
  `<makefault><code value="s:Server"/><reason value="r"/></makefault>`,
  `<makefault><code xmlns:s="${SOAP11}" value="s:Sender"/><reason value="r"/></makefault>`,
  `<makefault><code xmlns:s="${SOAP11}" value="s:Server"/><reason/></makefault>`,
  `<propertyGroup><property name="a" value="1"/><log/></propertyGroup>`,
  `<script language="groovy">x = 1</script>`,
  `<script>mc.setProperty('a', 1);</script>`,
  `<script language="js"><![CDATA[var x = <a>{1}</a>;]]></script>`,
  `<script language="js" key="{get-property('k')}"/>`,
  `<xslt/>`,
  `<xslt key="{get-property('k')}"/>`,
  `<xslt key="gov:a.xslt"><property name="p"/></xslt>`,
  `<xslt key="gov:a.xslt"><resource location="b.xslt"/></xslt>`,
  `<xslt key="gov:xslt/plain.xml"/>`,
  `<script language="js" key="gov:scripts/broken.js"/>`,
  `<validate><schema key="gov:schemas/order.xsd"/><on-fail><drop/></on-fail></validate>`,
  `<validate><schema key="gov:schemas/broken.json"/><on-fail><drop/></on-fail></validate>`,
  `<validate><schema key="gov:schemas/order.json"/></validate>`,
  `<validate source="//id"><schema key="gov:schemas/order.json"/><on-fail><drop/></on-fail></validate>`,
  `<cache timeout="soon"/>`,
  `<cache collector="yes"/>`,
  `<cache><onCacheHit sequence="Hit"><respond/></onCacheHit></cache>`,
  `<cache><protocol type="JMS"/></cache>`,
  `<cache><protocol><hashGenerator>com.example.MyHash</hashGenerator></protocol></cache>`,
  `<cache hashGenerator="com.example.MyHash"/>`,
  `<cache><protocol><enableCacheControl>true</enableCacheControl></protocol></cache>`,
  `<cache><protocol><responseCodes>2[0-9</responseCodes></protocol></cache>`,
  `<cache><implementation type="disk"/></cache>`,
  `<throttle><policy><wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:throttle="http://www.wso2.org/products/wso2commons/throttle"><throttle:MaximumConcurrentAccess>1</throttle:MaximumConcurrentAccess></wsp:Policy></policy></throttle>`,
  `<throttle id="T"/>`,
  `<throttle id="T"><policy><wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:throttle="http://www.wso2.org/products/wso2commons/throttle"><wsp:All><throttle:ID throttle:type="IP">10.1.1.1</throttle:ID><throttle:IsAllowed>false</throttle:IsAllowed></wsp:All></wsp:Policy></policy></throttle>`,
  `<throttle id="T"><policy><wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:throttle="http://www.wso2.org/products/wso2commons/throttle"><throttle:MaximumCount>4</throttle:MaximumCount></wsp:Policy></policy></throttle>`,
  `<callout action="urn:a"/>`,
  `<callout serviceURL="http://h/s"><source type="envelope"/></callout>`,
  `<callout serviceURL="http://h/s"><source xpath="//a" key="k"/></callout>`,
  `<callout serviceURL="http://h/s"><target/></callout>`,
  `<callout serviceURL="http://h/s"><enableSec policy="gov:p.xml"/></callout>`,
];

test('the validator reports what the runtime refuses a fault, property-group, script, xslt, validate, cache, throttle or callout mediator for, with the same code and words', async () => {
  for (const body of REFUSED) {
    const refusal = await runtimeRefusal(body);
    assert.ok(refusal, `the runtime deploys ${body}`);
    assert.ok(validatorErrors(body).includes(refusal), `${body}: the validator reports ${JSON.stringify(validatorErrors(body))}, the runtime ${refusal}`);
  }
});

test('fault mediators, scripts, caches and throttles MI accepts deploy and validate clean', async () => {
  const body =
    `<makefault version="pox"/><makefault version="soap12" response="false"><code xmlns:e="http://www.w3.org/2003/05/soap-envelope" value="e:Sender"/><reason expression="//why"/><detail><x/></detail></makefault>` +
    `<propertyGroup><property name="a" value="1"/></propertyGroup><throwError type="T" errorMessage="{//why}"/>` +
    `<script language="nashornJs"><![CDATA[mc.setPayloadJSON({ ok: mc.getProperty('a') < 2 });]]></script>` +
    `<validate source="json-eval($.order)"><schema key="gov:schemas/order.json"/><on-fail><drop/></on-fail></validate>` +
    `<cache id="c" scope="per-host" hashGenerator="org.wso2.carbon.mediator.cache.digest.DOMHASHGenerator" timeout="20" maxMessageSize="10000"><implementation type="memory" maxSize="100"/><onCacheHit><respond/></onCacheHit>` +
    `<protocol type="HTTP"><methods>GET,POST</methods><headersToExcludeInHash>*</headersToExcludeInHash><responseCodes>2[0-9][0-9]</responseCodes><enableCacheControl>false</enableCacheControl><includeAgeHeader>true</includeAgeHeader></protocol></cache>` +
    `<cache collector="true"/>` +
    `<throttle id="T"><policy><wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:throttle="http://www.wso2.org/products/wso2commons/throttle"><throttle:ThrottleAssertion><throttle:MaximumConcurrentAccess>10</throttle:MaximumConcurrentAccess>` +
    `<wsp:All><throttle:ID throttle:type="IP">other</throttle:ID><wsp:ExactlyOne><wsp:All><throttle:MaximumCount>4</throttle:MaximumCount><throttle:UnitTime>800000</throttle:UnitTime>` +
    `<throttle:ProhibitTimePeriod wsp:Optional="true">1000</throttle:ProhibitTimePeriod></wsp:All><throttle:IsAllowed>true</throttle:IsAllowed></wsp:ExactlyOne></wsp:All>` +
    `</throttle:ThrottleAssertion></wsp:Policy></policy><onAccept><log/></onAccept><onReject><drop/></onReject></throttle>` +
    `<callout serviceURL="http://localhost:9000/services/SimpleStockQuoteService" action="urn:getQuote"><source xmlns:s11="http://schemas.xmlsoap.org/soap/envelope/" xpath="s11:Body/child::*[fn:position()=1]" xmlns:fn="http://www.w3.org/2005/xpath-functions"/><target key="quote"/></callout>`;
  assert.deepEqual(validatorErrors(body), []);
  assert.equal(await runtimeRefusal(body), undefined);
});
