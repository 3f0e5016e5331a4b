import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { referenceProject } from '../../../test/helpers/reference';
import { MessageContext, Payload } from '../message';
import { DoubleValue, JsonValue } from '../expressions/property-values';

const REQUEST = '{"name":"John Doe","dob":"1940-03-19","ssn":"234-23-525","address":"California","phone":"8770586755","email":"johndoe@gmail.com","doctor":"thomas collins","hospital":"grand oak community hospital","cardNo":"7844481124110331","appointment_date":"2025-04-02"}';

function apiMsg(body: string): MessageContext {
  const m = new MessageContext();
  m.artifactName = 'HealthcareAPI';
  m.method = 'POST';
  m.requestPath = '/healthcare/categories/surgery/reserve';
  m.to = m.requestPath;
  m.setPayload(Payload.json(body));
  return m;
}

test('tutorial 5: properties, datamapper and switch produce MI\'s log line and mapped payload', async (t) => {
  const dir = referenceProject(t, 5);
  if (!dir) return;
  const dmc = readFileSync(join(dir, 'SampleServicesRegistryResources', 'RequestMapping.dmc'));
  const h = harness({ 'gov:datamapper/RequestMapping.dmc': dmc });
  const seq = h.compile(`
    <property description="Get Hospital" expression="json-eval($.hospital)" name="Hospital" scope="default" type="STRING"/>
    <property description="Get Card Number" expression="json-eval($.cardNo)" name="card_number" scope="default" type="STRING"/>
    <datamapper config="gov:datamapper/RequestMapping.dmc" inputSchema="gov:datamapper/RequestMapping_inputSchema.json" inputType="JSON" outputSchema="gov:datamapper/RequestMapping_outputSchema.json" outputType="JSON" xsltStyleSheet="gov:datamapper/RequestMapping_xsltStyleSheet.xml"/>
    <switch source="get-property('Hospital')">
      <case regex="grand oak community hospital">
        <log description="Grand Oak Log" level="custom">
          <property expression="fn:concat('Routing to ', get-property('Hospital'))" name="message"/>
        </log>
        <property description="Set Hospital Variable" name="uri.var.hospital" scope="default" type="STRING" value="grandoaks"/>
      </case>
      <default>
        <log description="Fault Log" level="custom">
          <property expression="fn:concat('Invalid hospital - ', get-property('Hospital'))" name="message"/>
        </log>
        <respond/>
      </default>
    </switch>
    <property name="after" value="yes"/>`);
  const msg = apiMsg(REQUEST);
  const { result, answered } = await h.run(seq, msg);
  assert.equal(result, true);
  assert.equal(answered, undefined);
  assert.equal(msg.getProperty('Hospital'), 'grand oak community hospital');
  assert.equal(msg.getProperty('card_number'), '7844481124110331');
  assert.equal(msg.getProperty('uri.var.hospital'), 'grandoaks');
  assert.equal(msg.getProperty('after'), 'yes');
  assert.deepEqual(h.logLines(), ['{api:HealthcareAPI} message = Routing to grand oak community hospital']);
  assert.equal(
    msg.payload.text,
    '{"patient":{"name":"John Doe","dob":"1940-03-19","ssn":"234-23-525","address":"California","phone":"8770586755","email":"johndoe@gmail.com"},"doctor":"thomas collins","hospital":"grand oak community hospital","appointment_date":"2025-04-02"}',
  );
  assert.equal(msg.axis2.get('messageType'), 'application/json');

  // An unknown hospital takes the default branch, whose respond ends the flow.
  const other = apiMsg(REQUEST.replace('grand oak community hospital', 'st. elsewhere'));
  const r2 = await h.run(seq, other);
  assert.equal(r2.result, false);
  assert.equal(r2.answered, other);
  assert.equal(other.getProperty('after'), undefined);
  assert.equal(h.logLines()[1], '{api:HealthcareAPI} message = Invalid hospital - st. elsewhere');
});

test('tutorial 5: payloadFactory output byte for byte, with the JSON content type', async () => {
  const h = harness();
  const seq = h.compile(`
    <property expression="json-eval($.appointmentNumber)" name="uri.var.appointment_id" scope="default" type="STRING"/>
    <property expression="json-eval($.doctor)" name="doctor_details" scope="default" type="STRING"/>
    <property expression="json-eval($.patient)" name="patient_details" scope="default" type="STRING"/>
    <property name="actual_fee" value="7000.0"/>
    <property name="card_number" value="7844481124110331"/>
    <payloadFactory media-type="json">
      <format>{"appointmentNumber":$1, "doctor":$2, "patient":$3, "fee":$4, "confirmed":"false", "card_number":"$5"}</format>
      <args>
        <arg evaluator="xml" expression="$ctx:uri.var.appointment_id"/>
        <arg evaluator="xml" expression="$ctx:doctor_details"/>
        <arg evaluator="xml" expression="$ctx:patient_details"/>
        <arg evaluator="xml" expression="$ctx:actual_fee"/>
        <arg evaluator="xml" expression="$ctx:card_number"/>
      </args>
    </payloadFactory>`);
  const appointment =
    '{"appointmentNumber":1,"doctor":{"name":"thomas collins","hospital":"grand oak community hospital","category":"surgery","availability":"9.00 a.m - 11.00 a.m","fee":7000.0},"patient":{"name":"John Doe","dob":"1940-03-19","ssn":"234-23-525","address":"California","phone":"8770586755","email":"johndoe@gmail.com"},"fee":7000.0,"confirmed":false,"appointmentDate":"2025-04-02"}';
  const msg = apiMsg(appointment);
  await h.run(seq, msg);
  assert.equal(
    msg.payload.text,
    '{"appointmentNumber":1, "doctor":{"name":"thomas collins","hospital":"grand oak community hospital","category":"surgery","availability":"9.00 a.m - 11.00 a.m","fee":7000.0}, "patient":{"name":"John Doe","dob":"1940-03-19","ssn":"234-23-525","address":"California","phone":"8770586755","email":"johndoe@gmail.com"}, "fee":7000.0, "confirmed":"false", "card_number":"7844481124110331"}',
  );
  assert.equal(msg.axis2.get('messageType'), 'application/json');
  assert.equal(msg.transportHeaders.get('content-type'), 'application/json');

  const reply = h.compile(`<payloadFactory media-type="json"><format>{"message":" Payment request successfully submitted. Payment confirmation will be sent via email ."}</format><args/></payloadFactory>`);
  await h.run(reply, msg);
  assert.equal(msg.payload.text, '{"message":" Payment request successfully submitted. Payment confirmation will be sent via email ."}');
});

test('payloadFactory: xml and json evaluators, escaping, XML media type and ${...}', async () => {
  const h = harness();
  const msg = apiMsg('{"name":"a \\"b\\"","items":[1,2],"n":5}');
  await h.run(h.compile(`<payloadFactory media-type="json"><format>{"n":"$1","items":$2,"lit":"$3","x":\${payload.n}, "q":"\${payload.name}"}</format>
    <args><arg evaluator="json" expression="$.name"/><arg evaluator="json" expression="$.items"/><arg value="a&amp;b"/></args></payloadFactory>`), msg);
  assert.equal(msg.payload.text, '{"n":"a \\"b\\"","items":[1,2],"lit":"a&amp;b","x":5, "q":"a \\"b\\""}');

  const x = apiMsg('{"sym":"IBM & co"}');
  await h.run(h.compile(`<payloadFactory media-type="xml"><format><m:getQuote xmlns:m="http://services.samples"><m:request><m:symbol>$1</m:symbol></m:request></m:getQuote></format>
    <args><arg evaluator="json" expression="$.sym"/></args></payloadFactory>`), x);
  assert.equal(x.payload.kind, 'xml');
  assert.equal(x.payload.text, '<m:getQuote xmlns:m="http://services.samples"><m:request><m:symbol>IBM &amp; co</m:symbol></m:request></m:getQuote>');
  assert.equal(x.axis2.get('messageType'), 'application/xml');
});

test('payloadFactory: a literal argument stays a string; XML from ${xpath(...)} or an XML variable goes in as elements', async () => {
  const h = harness();
  const literal = async (flag: string) => {
    const msg = apiMsg('{"extract":"<hello/>"}');
    await h.run(h.compile(`<property name="EXTRACT" expression="json-eval($.extract)" type="STRING"/>
      <payloadFactory media-type="json"><format>{ "payload": "$1" }</format>
      <args><arg literal="${flag}" evaluator="xml" expression="$ctx:EXTRACT"/></args></payloadFactory>`), msg);
    return msg.payload.text;
  };
  assert.equal(JSON.parse(await literal('true')).payload, '<hello/>');
  assert.match(await literal('false'), /\{"hello":null\}/);

  const msg = new MessageContext();
  msg.setPayload(Payload.xml('<order><item sku="a">1</item></order>'));
  await h.run(h.compile(`<variable name="note" type="XML" value="&lt;note&gt;urgent&lt;/note&gt;"/>
    <payloadFactory media-type="xml"><format><r xmlns="">\${xpath('$body/order')}\${vars.note}<q>"\${vars.note}"</q></r></format></payloadFactory>`), msg);
  assert.equal(msg.payload.text, '<r xmlns=""><order><item sku="a">1</item></order><note>urgent</note><q>"&lt;note&gt;urgent&lt;/note&gt;"</q></r>');

  const json = new MessageContext();
  json.setPayload(Payload.xml('<order><item>1</item></order>'));
  await h.run(h.compile(`<payloadFactory media-type="json"><format>{"got": \${xpath('$body/order')}}</format></payloadFactory>`), json);
  assert.deepEqual(JSON.parse(json.payload.text), { got: { order: { item: 1 } } });
});

test('payloadFactory: a format that does not make JSON goes on as written, with a warning, as MI keeps it as text', async () => {
  const h = harness();
  const msg = apiMsg('{}');
  await h.run(h.compile(`<payloadFactory media-type="json"><format>{"a":$1}</format><args><arg value="not json"/></args></payloadFactory>`), msg);
  assert.equal(msg.payload.text, '{"a":not json}');
  assert.ok(h.logger.records.some((r) => r.level === 'WARN' && /not valid JSON/.test(r.message)));
});

test('log: simple, full with Payload, custom with a quoted literal, separators and MI 4.4 templates', async () => {
  const h = harness();
  const msg = apiMsg('{"patient":"John Doe","actualFee":7000.0}');
  msg.correlationId = 'c0ffee';
  await h.run(h.compile(`
    <log/>
    <log level="full"/>
    <log description="Request Log" level="custom"><property name="Log Property message" value="&quot;Welcome to HealthcareService&quot;"/></log>
    <log level="custom" separator="|"><property name="a" value="1"/><property name="b" expression="json-eval($.patient)"/></log>
    <log category="WARN"><message>Hello \${payload.patient}, fee \${payload.actualFee}</message></log>`), msg);
  assert.deepEqual(h.logLines(), [
    `{api:HealthcareAPI} To: /healthcare/categories/surgery/reserve, MessageID: ${msg.messageId}, correlation_id: c0ffee, Direction: request`,
    `{api:HealthcareAPI} To: /healthcare/categories/surgery/reserve, MessageID: ${msg.messageId}, correlation_id: c0ffee, Direction: request, Payload: {"patient":"John Doe","actualFee":7000.0}`,
    '{api:HealthcareAPI} Log Property message = "Welcome to HealthcareService"',
    '{api:HealthcareAPI} a = 1|b = John Doe',
    '{api:HealthcareAPI POST /healthcare/categories/surgery/reserve} Hello John Doe, fee 7000.0',
  ]);
  assert.equal(h.logger.records.at(-1)!.level, 'WARN');

  // After a call: the anonymous To and empty actions, as in the tutorial's processing sequence.
  const settled = new MessageContext();
  settled.to = 'http://www.w3.org/2005/08/addressing/anonymous';
  settled.setPayload(Payload.json('{"status":"Settled"}'));
  await h.run(h.compile('<log level="full"/>'), settled);
  assert.equal(h.logLines().at(-1), `To: http://www.w3.org/2005/08/addressing/anonymous, WSAction: , SOAPAction: , MessageID: ${settled.messageId}, Direction: request, Payload: {"status":"Settled"}`);

  const xml = new MessageContext();
  xml.setPayload(Payload.xml('<a><b>1</b></a>'));
  await h.run(h.compile('<log level="full"/>'), xml);
  assert.match(h.logLines().at(-1)!, /Envelope: <\?xml version='1\.0' encoding='utf-8'\?><soapenv:Envelope xmlns:soapenv="http:\/\/www\.w3\.org\/2003\/05\/soap-envelope"><soapenv:Body><a><b>1<\/b><\/a><\/soapenv:Body><\/soapenv:Envelope>$/);
});

test('log refuses an unknown level or category when deployed', () => {
  const h = harness();
  assert.throws(() => h.compile('<log level="loud"/>'), /unknown log level/);
  assert.throws(() => h.compile('<log category="NOISE"/>'), /unknown log category/);
});

test('property: types, scopes, remove, pattern, messageType and dynamic names', async () => {
  const h = harness();
  const msg = apiMsg('{"id":"abc-123","price":"12.5","flag":"yes"}');
  await h.run(h.compile(`
    <property name="i" expression="json-eval($.price)" type="INTEGER"/>
    <property name="d" value="5" type="DOUBLE"/>
    <property name="b" expression="json-eval($.flag)" type="BOOLEAN"/>
    <property name="j" value='{"a":[1,2.50]}' type="JSON"/>
    <property name="om" type="OM"><order xmlns=""><id>7</id></order></property>
    <property name="num" expression="json-eval($.id)" pattern="([a-z]+)-(\\d+)" group="2"/>
    <property name="nomatch" expression="json-eval($.id)" pattern="\\d+"/>
    <property name="X-Trace" value="t1" scope="transport"/>
    <property name="messageType" value="application/xml" scope="axis2"/>
    <property name="HTTP_SC" value="202" scope="axis2"/>
    <property name="op" value="o" scope="operation"/>
    <property name="key" value="dyn"/>
    <property name="{get-property('key')}" value="dynamic"/>
    <property name="Content-Length" scope="transport" action="remove"/>
    <property name="i2" expression="$ctx:i"/>
    <property name="d2" expression="$ctx:d"/>
    <property name="j2" expression="json-eval($ctx:j.a[1])"/>
    <property name="om2" expression="$ctx:om/id"/>`), msg);
  assert.equal(msg.getProperty('i'), 12);
  assert.ok(msg.getProperty('d') instanceof DoubleValue);
  assert.equal(msg.getProperty('b'), true);
  assert.ok(msg.getProperty('j') instanceof JsonValue);
  assert.equal(msg.getProperty('num'), '123');
  assert.equal(msg.getProperty('nomatch'), '');
  assert.equal(msg.transportHeaders.get('x-trace'), 't1');
  assert.equal(msg.axis2.get('ContentType'), 'application/xml');
  assert.equal(msg.transportHeaders.get('Content-Type'), 'application/xml');
  assert.equal(msg.axis2.get('HTTP_SC'), '202');
  assert.equal(msg.operation.get('op'), 'o');
  assert.equal(msg.getProperty('dyn'), 'dynamic');
  assert.equal(msg.getProperty('i2'), '12');
  assert.equal(msg.getProperty('d2'), '5.0');
  assert.equal(msg.getProperty('j2'), '2.50');
  assert.equal(msg.getProperty('om2'), '7');

  await h.run(h.compile('<property name="i" action="remove"/>'), msg);
  assert.equal(msg.properties.has('i'), false);
  await assert.rejects(h.run(h.compile('<property name="bad" value="x" type="STRING" expression="json-eval($.id)"/><property name="n" expression="json-eval($.id)" type="INTEGER"/>'), msg));
  assert.throws(() => h.compile('<property name="x" value="abc" type="INTEGER"/>'), /not a valid INTEGER/);
  assert.throws(() => h.compile('<property name="x" expression="//a["/>'), /does not parse/);
  assert.throws(() => h.compile('<property name="x" value="1" scope="galaxy"/>'), /scope galaxy/);
});

test('filter: regex and xpath forms, then/else, and respond in a branch stops the flow', async () => {
  const h = harness();
  const seq = h.compile(`
    <filter source="json-eval($.status)" regex="Sett.*"><property name="matched" value="yes"/></filter>
    <filter xpath="//amount &gt; 100">
      <then><property name="big" value="true"/></then>
      <else><property name="big" value="false"/><respond/></else>
    </filter>
    <property name="after" value="1"/>`);
  const big = apiMsg('{"status":"Settled","amount":500}');
  assert.equal((await h.run(seq, big)).result, true);
  assert.equal(big.getProperty('matched'), 'yes');
  assert.equal(big.getProperty('big'), 'true');
  assert.equal(big.getProperty('after'), '1');
  const small = apiMsg('{"status":"Unsettled","amount":5}');
  const r = await h.run(seq, small);
  assert.equal(r.result, false);
  assert.equal(r.answered, small);
  assert.equal(small.getProperty('matched'), undefined);
  assert.equal(small.getProperty('after'), undefined);
});

test('switch with no matching case and no default continues; invalid regexes are refused', async () => {
  const h = harness();
  const msg = apiMsg('{"h":"x"}');
  assert.equal((await h.run(h.compile('<switch source="json-eval($.h)"><case regex="y"><respond/></case></switch>'), msg)).result, true);
  assert.throws(() => h.compile('<switch source="json-eval($.h)"><case regex="(y"><drop/></case></switch>'), /not valid/);
});

test('header: transport set and remove, WS-Addressing To in the default scope', async () => {
  const h = harness();
  const msg = apiMsg('{"k":"v"}');
  msg.transportHeaders.set('Authorization', 'secret');
  await h.run(h.compile(`
    <header name="X-Key" expression="json-eval($.k)" scope="transport"/>
    <header name="Authorization" scope="transport" action="remove"/>
    <header name="To" value="http://example.org/x"/>
    <header name="wsa:Action" xmlns:wsa="http://www.w3.org/2005/08/addressing" value="urn:act"/>`), msg);
  assert.equal(msg.transportHeaders.get('x-key'), 'v');
  assert.equal(msg.transportHeaders.has('authorization'), false);
  assert.equal(msg.to, 'http://example.org/x');
  assert.equal(msg.axis2.get('WSAction'), 'urn:act');
});

test('datamapper: XML input and output, and a missing mapping is refused at deploy', async () => {
  const dmc = 'map_S_order_S_summary = function(){ return { id: inputroot.id, total: inputroot.qty * 2 }; };';
  const h = harness({ 'gov:dm/x.dmc': dmc });
  const msg = new MessageContext();
  msg.setPayload(Payload.xml('<order><id>7</id><qty>3</qty></order>'));
  await h.run(h.compile('<datamapper config="gov:dm/x.dmc" inputType="XML" outputType="XML"/>'), msg);
  assert.equal(msg.payload.text, '<summary><id>7</id><total>6</total></summary>');
  assert.throws(() => h.compile('<datamapper config="gov:dm/missing.dmc" inputType="JSON" outputType="JSON"/>'), /not in the registry/);
});
