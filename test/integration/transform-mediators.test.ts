/**
 * The transformation and fault mediators in a small MI project run by `conduit run`: scripts inline and
 * from the registry (including one that loops for ever and one that reaches for the file system), an
 * XSLT from the registry with a parameter, a JSON schema validation that passes and one that fails (its
 * on-fail answering), makefault answering a JSON client, throwError and propertyGroup.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SYNAPSE_NS as NS, writeProject } from '../helpers/fuzz';
import { startRuntime, type RuntimeProcess } from '../helpers/runtime-process';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

/** Answers the fault as JSON with a 500, as MI fault sequences commonly do. */
const ECHO_FAULT = `<faultSequence>
  <payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format>
    <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory>
  <property name="HTTP_SC" value="500" scope="axis2"/><respond/>
</faultSequence>`;

const FILES: Record<string, string> = {
  'pom.xml': '<project><groupId>g</groupId><artifactId>transform</artifactId><version>1.0.0</version></project>',
  'src/main/wso2mi/resources/registry/gov/scripts/orders.js': `
    function summarise(mc) {
      var order = mc.getPayloadJSON();
      var lines = order.items.map(function (i) { return i.sku + ' x' + i.qty; });
      mc.setPayloadJSON({ order: order.id, lines: lines, currency: mc.getProperty('currency') });
    }`,
  'src/main/wso2mi/resources/registry/gov/xslt/quote.xslt': `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:m="http://example.com/m" exclude-result-prefixes="m">
    <xsl:param name="discount"/>
    <xsl:template match="/m:order">
      <quote xmlns="http://example.com/q"><xsl:for-each select="m:item"><line sku="{@sku}"><xsl:value-of select="m:price * (1 - $discount)"/></line></xsl:for-each></quote>
    </xsl:template>
  </xsl:stylesheet>`,
  'src/main/wso2mi/resources/registry/gov/schemas/order.json': JSON.stringify({
    $schema: 'http://json-schema.org/draft-04/schema#',
    type: 'object',
    required: ['id', 'qty'],
    properties: { id: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
  }),
  'src/main/wso2mi/artifacts/apis/Transform.xml': `<api name="Transform" context="/transform" ${NS}>
    <resource methods="POST" uri-template="/total">
      <inSequence>
        <propertyGroup>
          <property name="rate" value="1.5" type="DOUBLE"/>
          <property name="X-Priced-By" value="script" scope="transport"/>
        </propertyGroup>
        <script language="js"><![CDATA[
          var order = mc.getPayloadJSON();
          var total = 0;
          for (var i = 0; i < order.items.length; i++) total += order.items[i].qty * mc.getProperty('rate');
          mc.setProperty('total', total);
          mc.setPayloadJSON({ id: order.id, total: total });
        ]]></script>
        <header name="X-Total" scope="transport" expression="get-property('total')"/>
        <respond/>
      </inSequence>
      ${ECHO_FAULT}
    </resource>
    <resource methods="POST" uri-template="/summary">
      <inSequence>
        <property name="currency" value="EUR"/>
        <script language="nashornJs" key="gov:scripts/orders.js" function="summarise"/>
        <respond/>
      </inSequence>
      ${ECHO_FAULT}
    </resource>
    <resource methods="GET" uri-template="/loop">
      <inSequence><script language="js">while (true) {}</script><respond/></inSequence>
      ${ECHO_FAULT}
    </resource>
    <resource methods="GET" uri-template="/escape">
      <inSequence>
        <script language="js"><![CDATA[mc.setProperty('passwd', require('fs').readFileSync('/etc/passwd', 'utf8'));]]></script>
        <respond/>
      </inSequence>
      ${ECHO_FAULT}
    </resource>
    <resource methods="GET" uri-template="/process">
      <inSequence>
        <script language="js"><![CDATA[mc.getProperty.constructor('return process')().exit(3);]]></script>
        <respond/>
      </inSequence>
      ${ECHO_FAULT}
    </resource>
    <resource methods="POST" uri-template="/quote?discount={discount}">
      <inSequence>
        <xslt key="gov:xslt/quote.xslt"><property name="discount" expression="get-property('query.param.discount')"/></xslt>
        <respond/>
      </inSequence>
      ${ECHO_FAULT}
    </resource>
    <resource methods="POST" uri-template="/orders">
      <inSequence>
        <validate>
          <schema key="gov:schemas/order.json"/>
          <on-fail>
            <payloadFactory media-type="json"><format>{"rejected":"$1"}</format><args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory>
            <property name="HTTP_SC" value="400" scope="axis2"/>
            <respond/>
          </on-fail>
        </validate>
        <payloadFactory media-type="json"><format>{"accepted":"$1"}</format><args><arg expression="json-eval($.id)"/></args></payloadFactory>
        <respond/>
      </inSequence>
    </resource>
    <resource methods="POST" uri-template="/reject">
      <inSequence>
        <makefault version="soap11">
          <code xmlns:soap11Env="${SOAP11}" value="soap11Env:Client"/>
          <reason expression="concat('no stock for ', //sku)"/>
        </makefault>
        <respond/>
      </inSequence>
    </resource>
    <resource methods="POST" uri-template="/throw">
      <inSequence>
        <filter xpath="\${exists(payload.id)}">
          <then><respond/></then>
          <else><throwError type="PAYLOAD_ERROR" errorMessage="{\${'no id in ' + payload.kind}}"/></else>
        </filter>
      </inSequence>
      ${ECHO_FAULT}
    </resource>
  </api>`,
};

describe('transformation and fault mediators in a running project', () => {
  let dir: string;
  let rt: RuntimeProcess;
  const post = (path: string, body: unknown) =>
    fetch(`${rt.url}/transform${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  before(async () => {
    dir = writeProject(mkdtempSync(join(tmpdir(), 'conduit-transform-')), FILES);
    rt = await startRuntime(dir);
  });
  after(async () => {
    await rt?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an inline script computes from the payload and properties a propertyGroup set', async () => {
    const res = await post('/total', { id: 7, items: [{ qty: 2 }, { qty: 4 }] });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id: 7, total: 9 });
    assert.equal(res.headers.get('x-total'), '9');
    assert.equal(res.headers.get('x-priced-by'), 'script');
  });

  test('a registry script runs its function with mc', async () => {
    const res = await post('/summary', { id: 'A-1', items: [{ sku: 'pen', qty: 2 }, { sku: 'ink', qty: 1 }] });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { order: 'A-1', lines: ['pen x2', 'ink x1'], currency: 'EUR' });
  });

  test('a script that loops for ever gets its request a clear fault, and the runtime keeps serving', async () => {
    const res = await fetch(`${rt.url}/transform/loop`);
    assert.equal(res.status, 500);
    const fault = (await res.json()) as { code: string; message: string };
    assert.equal(fault.code, 'CONDUIT_SCRIPT_FAILED');
    assert.match(fault.message, /^the script failed: .*timed out/);
    const next = await post('/total', { id: 8, items: [{ qty: 2 }] });
    assert.deepEqual(await next.json(), { id: 8, total: 3 });
  });

  test('a script that reaches for the file system or the process is refused; the runtime is untouched', async () => {
    for (const path of ['/escape', '/process']) {
      const res = await fetch(`${rt.url}/transform${path}`);
      assert.equal(res.status, 500, path);
      const text = await res.text();
      assert.doesNotMatch(text, /root:/, path);
      const fault = JSON.parse(text) as { code: string; message: string };
      assert.equal(fault.code, 'CONDUIT_SCRIPT_FAILED', path);
    }
    assert.equal(rt.proc.exitCode, null);
    assert.equal((await post('/total', { id: 9, items: [] })).status, 200);
  });

  test('an XSLT from the registry transforms the body with a parameter from the request', async () => {
    const order = '<m:order xmlns:m="http://example.com/m"><m:item sku="a"><m:price>10</m:price></m:item><m:item sku="b"><m:price>4</m:price></m:item></m:order>';
    const res = await fetch(`${rt.url}/transform/quote?discount=0.25`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: order });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/xml/);
    assert.equal((await res.text()).replace(/>\s+</g, '><'), '<quote xmlns="http://example.com/q"><line sku="a">7.5</line><line sku="b">3</line></quote>');
  });

  test('a JSON schema from the registry lets a valid order through and answers an invalid one from on-fail', async () => {
    const ok = await post('/orders', { id: 'A-1', qty: 2 });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { accepted: 'A-1' });
    const bad = await post('/orders', { id: 'A-2', qty: 0 });
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { rejected: '/qty must be >= 1' });
  });

  test('makefault answers a JSON client with the SOAP fault as JSON and 500', async () => {
    const res = await post('/reject', { sku: 'pen' });
    assert.equal(res.status, 500);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await res.json(), { Fault: { faultcode: 'soap11Env:Client', faultstring: 'no stock for pen' } });
  });

  test('throwError runs the fault sequence with its type and message', async () => {
    const res = await post('/throw', { kind: 'order' });
    assert.equal(res.status, 500);
    assert.deepEqual(await res.json(), { code: 'PAYLOAD_ERROR', message: 'no id in order' });
    assert.equal((await post('/throw', { id: 1 })).status, 200);
  });
});
