import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { setBody } from '../content';
import { ConduitError } from '../../model/errors';
import { MediationFault } from '../fault';
import { MessageContext, Payload } from '../message';
import { wireBody } from '../wire-body';
import { faultStatus } from './makefault';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

function msgOf(body: string, type: string): MessageContext {
  const m = new MessageContext();
  setBody(m, type.includes('json') ? Payload.json(body) : Payload.xml(body), type);
  return m;
}

test('makefault soap11 makes MI\'s SOAP 1.1 fault envelope with the code prefix declared where it is used', async () => {
  const h = harness();
  const seq = h.compile(`
    <property name="why" value="stock is empty"/>
    <makefault version="soap11">
      <code xmlns:soap11Env="${SOAP11}" value="soap11Env:Server"/>
      <reason expression="get-property('why')"/>
      <detail><item>42</item></detail>
    </makefault>`);
  const msg = msgOf('<order><id>42</id></order>', 'text/xml');
  await h.run(seq, msg);
  assert.equal(
    msg.payload.text,
    `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><soapenv:Fault><faultcode xmlns:soap11Env="${SOAP11}">soap11Env:Server</faultcode>` +
      `<faultstring>stock is empty</faultstring><detail><item xmlns="http://ws.apache.org/ns/synapse">42</item></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
  );
  assert.equal(msg.direction, 'response');
  assert.equal(faultStatus(msg), 500);
  // text/xml is SOAP: the envelope goes out as it is.
  assert.match(wireBody(msg)!.bytes.toString(), /^<soapenv:Envelope/);
});

test('makefault soap12 writes Code/Value, Reason/Text xml:lang="en", Node, Role and a detail from an XPath', async () => {
  const h = harness();
  const seq = h.compile(`
    <makefault version="soap12">
      <code xmlns:soap12Env="${SOAP12}" value="soap12Env:Receiver"/>
      <reason value="back end down"/>
      <node>http://node</node><role>http://role</role>
      <detail expression="//id"/>
    </makefault>`);
  const msg = msgOf('<order><id>42</id></order>', 'application/soap+xml');
  await h.run(seq, msg);
  assert.equal(
    msg.payload.text,
    `<soapenv:Envelope xmlns:soapenv="${SOAP12}"><soapenv:Body><soapenv:Fault><soapenv:Code><soapenv:Value xmlns:soap12Env="${SOAP12}">soap12Env:Receiver</soapenv:Value></soapenv:Code>` +
      `<soapenv:Reason><soapenv:Text xml:lang="en">back end down</soapenv:Text></soapenv:Reason><soapenv:Node>http://node</soapenv:Node><soapenv:Role>http://role</soapenv:Role>` +
      `<soapenv:Detail><id>42</id></soapenv:Detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
  );
});

test('a JSON client gets the fault as JSON, as MI\'s JSON formatter writes the body\'s first element', async () => {
  const h = harness();
  const seq = h.compile(`<makefault version="soap11"><code xmlns:s="${SOAP11}" value="s:Client"/><reason value="bad order"/></makefault>`);
  const msg = msgOf('{"id":42}', 'application/json');
  await h.run(seq, msg);
  assert.deepEqual(JSON.parse(wireBody(msg)!.bytes.toString()), { Fault: { faultcode: 's:Client', faultstring: 'bad order' } });
});

test('makefault pox replaces the body with <Exception> holding the detail (else the reason) and answers 500', async () => {
  const h = harness();
  const msg = msgOf('<order/>', 'application/xml');
  await h.run(h.compile(`<makefault version="pox"><reason value="the reason"/><detail>the detail</detail></makefault>`), msg);
  assert.equal(msg.payload.text, '<Exception>the detail</Exception>');
  assert.equal(faultStatus(msg), 500);
  const reasonOnly = msgOf('<order/>', 'application/xml');
  await h.run(h.compile(`<makefault version="pox"><reason expression="local-name($body/*)"/></makefault>`), reasonOnly);
  assert.equal(reasonOnly.payload.text, '<Exception>order</Exception>');
  reasonOnly.axis2.set('FAULTS_AS_HTTP_200', 'true');
  assert.equal(faultStatus(reasonOnly), undefined);
});

test('a SOAP envelope answered as application/xml is written as its body\'s first element, as MI\'s POX formatter does', async () => {
  const h = harness();
  const msg = msgOf('<order/>', 'application/xml');
  await h.run(h.compile(`<makefault><code xmlns:s="${SOAP11}" value="s:Server"/><reason value="r"/></makefault>`), msg);
  assert.equal(wireBody(msg)!.bytes.toString(), `<soapenv:Fault xmlns:soapenv="${SOAP11}"><faultcode xmlns:s="${SOAP11}">s:Server</faultcode><faultstring>r</faultstring></soapenv:Fault>`);
  // Replacing the payload ends the fault: a normal answer again.
  await h.run(h.compile(`<payloadFactory media-type="xml"><format><ok xmlns=""/></format><args/></payloadFactory>`), msg);
  assert.equal(faultStatus(msg), undefined);
});

test('makefault is refused at deploy for what FaultMediatorFactory refuses', () => {
  const h = harness();
  const refused = (xml: string, message: RegExp) =>
    assert.throws(() => h.compile(xml), (err: ConduitError) => err.code === 'CONDUIT_ARTIFACT_INVALID' && message.test(err.message));
  refused(`<makefault version="soap11"><reason value="r"/></makefault>`, /soap11 makefault needs a <code>/);
  refused(`<makefault version="soap13"/>`, /version 'soap13' is not soap11, soap12 or pox/);
  refused(`<makefault><code value="Server"/><reason value="r"/></makefault>`, /must be a QName/);
  refused(`<makefault><code value="x:Server"/><reason value="r"/></makefault>`, /prefix 'x' .* not declared/);
  refused(`<makefault><code xmlns:s="${SOAP12}" value="s:Server"/><reason value="r"/></makefault>`, /must be in the namespace/);
  refused(`<makefault version="soap12"><code xmlns:s="${SOAP12}" value="s:Server"/><reason value="r"/></makefault>`, /'Server' is not a soap12 fault code/);
  refused(`<makefault><code xmlns:s="${SOAP11}" value="s:Server"/><reason/></makefault>`, /<reason> needs a 'value' or an 'expression'/);
  h.compile(`<makefault version="pox"/>`);
});

test('throwError faults with ERROR_CODE = type and ERROR_MESSAGE from a literal or an expression', async () => {
  const h = harness();
  const msg = msgOf('{"name":"Ann"}', 'application/json');
  await assert.rejects(h.run(h.compile(`<throwError type="PAYLOAD_ERROR" errorMessage="{\${'no id for ' + payload.name}}"/>`), msg), (err: MediationFault) => {
    assert.equal(err.errorCode, 'PAYLOAD_ERROR');
    assert.equal(err.message, 'no id for Ann');
    return true;
  });
  await assert.rejects(h.run(h.compile(`<throwError/>`), msg), (err: MediationFault) => err.errorCode === 'ERROR' && err.message === 'Error occurred in the mediation flow');
  await assert.rejects(h.run(h.compile(`<throwError type="T" errorMessage="{//name}"/>`), msg), (err: MediationFault) => err.message === 'Ann');
});

test('propertyGroup runs its properties in order, each as the property mediator does', async () => {
  const h = harness();
  const msg = msgOf('{"id":7}', 'application/json');
  await h.run(
    h.compile(`<propertyGroup description="ids">
      <property name="id" expression="json-eval($.id)"/>
      <property name="twice" expression="get-property('id') * 2" type="INTEGER"/>
      <property name="X-Order" scope="transport" value="yes"/>
    </propertyGroup>`),
    msg,
  );
  assert.equal(msg.getProperty('id'), '7');
  assert.equal(msg.getProperty('twice'), 14);
  assert.equal(msg.transportHeaders.get('X-Order'), 'yes');
  assert.throws(() => h.compile('<propertyGroup><log/></propertyGroup>'), (err: ConduitError) => err.code === 'CONDUIT_SCHEMA_UNKNOWN_ELEMENT');
});
