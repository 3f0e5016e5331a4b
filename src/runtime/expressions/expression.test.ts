import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryLogger } from '../logger';
import { MessageContext, Payload } from '../message';
import { compileExpression } from './expression';
import { formatJavaDate, javaDouble } from './java-format';
import { compileJavaRegex } from '../../model/java-regex';
import { DoubleValue, JsonValue } from './property-values';

const APPOINTMENT = '{"name":"John Doe","dob":"1940-03-19","ssn":"234-23-525","address":"California","phone":"8770586755","email":"johndoe@gmail.com","doctor":"thomas collins","hospital":"grand oak community hospital","cardNo":"7844481124110331","appointment_date":"2025-04-02"}';

function jsonMsg(text: string): MessageContext {
  const m = new MessageContext();
  m.setPayload(Payload.json(text));
  return m;
}
const ev = (expr: string, msg: MessageContext, ns?: Record<string, string>) => compileExpression(expr, ns).evaluate(msg);

test('json-eval converts results the way Jayway and Gson print them', () => {
  const m = jsonMsg('{"hospital":"grand oak","n":1,"fee":"7000.0","d":10.50,"ok":true,"nil":null,"doctor":{"name":"thomas collins","fee":7000.0},"tags":["a","b"]}');
  assert.equal(ev('json-eval($.hospital)', m), 'grand oak');
  assert.equal(ev('json-eval($.n)', m), '1');
  assert.equal(ev('json-eval($.fee)', m), '7000.0');
  assert.equal(ev('json-eval($.d)', m), '10.50');
  assert.equal(ev('json-eval($.ok)', m), 'true');
  assert.equal(ev('json-eval($.nil)', m), 'null');
  assert.equal(ev('json-eval($.doctor)', m), '{"name":"thomas collins","fee":7000.0}');
  assert.equal(ev('json-eval($.tags)', m), '["a","b"]');
  assert.equal(ev('json-eval($.missing)', m), '');
  assert.equal(ev('json-eval($.tags.length())', m), '2');
  assert.equal(ev('json-eval($..name)', m), '["thomas collins"]');
  assert.equal(ev('json-eval($.tags[*])', m), '["a","b"]');
  assert.equal(ev('json-eval($.none[*])', m), '[]');
  assert.equal(ev("json-eval($['doctor']['name'])", m), 'thomas collins');
});

test('json-eval $ returns the payload text as it came', () => {
  const text = '{ "a" : 1.0 }';
  assert.equal(ev('json-eval($)', jsonMsg(text)), text);
  assert.equal(ev('json-eval($.)', jsonMsg(text)), text);
});

test('json-eval on a property: $ctx:prop.path', () => {
  const m = jsonMsg('{}');
  m.setProperty('doctor_details', '{"name":"thomas collins","hospital":"grand oak"}');
  assert.equal(ev('json-eval($ctx:doctor_details.name)', m), 'thomas collins');
  m.transportHeaders.set('X-Json', '{"a":[1,2]}');
  assert.equal(ev('json-eval($trp:X-Json.a[1])', m), '2');
});

test('json-eval reads an XML body through its JSON form', () => {
  const m = new MessageContext();
  m.setPayload(Payload.xml('<order><id>7</id><item>a</item><item>b</item></order>'));
  assert.equal(ev('json-eval($.order.id)', m), '7');
  assert.equal(ev('json-eval($.order.item)', m), '["a","b"]');
});

test('XPath sees a JSON body as jsonObject inside a SOAP body', () => {
  const m = jsonMsg('{"name":"John","age":30,"fee":7000.0,"tags":["a","b"]}');
  assert.equal(ev('//name', m), 'John');
  assert.equal(ev('$body/jsonObject/age', m), '30');
  assert.equal(ev('//fee', m), '7000.0');
  assert.equal(ev('//tags[2]', m), 'b');
  assert.equal(ev('count(//tags)', m), '2.0');
  assert.equal(ev('//tags', m), '<tags>a</tags><tags>b</tags>');
  assert.equal(ev("$env/*[local-name()='Body']/*[local-name()='jsonObject']/name", m), 'John');
  assert.equal(ev('$body/jsonObject', m), '<jsonObject><name>John</name><age>30</age><fee>7000.0</fee><tags>a</tags><tags>b</tags></jsonObject>');
  assert.equal(ev('boolean(//missing)', m), 'false');
  assert.equal(ev('1 div 2', m), '0.5');
  assert.equal(ev('string(count(//tags))', m), '2');
});

test('the XML view follows payload changes', () => {
  const m = jsonMsg('{"a":"one"}');
  const e = compileExpression('//a');
  assert.equal(e.evaluate(m), 'one');
  m.setPayload(Payload.json('{"a":"two"}'));
  assert.equal(e.evaluate(m), 'two');
  m.payload = Payload.json('{"a":"three"}');
  assert.equal(e.evaluate(m), 'three');
});

test('XML payloads, attributes and declared namespace prefixes', () => {
  const m = new MessageContext();
  m.setPayload(Payload.xml('<p:order xmlns:p="urn:shop" id="42"><p:item> pen </p:item></p:order>'));
  assert.equal(ev('//p:item', m, { p: 'urn:shop' }), 'pen');
  assert.equal(ev('//p:order/@id', m, { p: 'urn:shop' }), '42');
  assert.equal(ev('$body/*/@id', m), '42');
});

test('variables: $ctx, $axis2, $trp (case-insensitive), $url, $var', () => {
  const m = jsonMsg('{}');
  m.setProperty('uri.var.appointment_id', '1');
  m.setProperty('price', new DoubleValue(5));
  m.setProperty('json', new JsonValue({ a: 1 }));
  m.axis2.set('HTTP_SC', 200);
  m.transportHeaders.set('Content-Type', 'application/json');
  m.requestPath = '/healthcare/doctors?Category=surgery%20ward';
  m.variables.set('v', 'x');
  assert.equal(ev('$ctx:uri.var.appointment_id', m), '1');
  assert.equal(ev('$ctx:price', m), '5.0');
  assert.equal(ev('$ctx:json', m), '{"a":1}');
  assert.equal(ev('$ctx:missing', m), '');
  assert.equal(ev('$axis2:HTTP_SC', m), '200');
  assert.equal(ev('$trp:content-type', m), 'application/json');
  assert.equal(ev('$url:category', m), 'surgery ward');
  assert.equal(ev('$var:v', m), 'x');
});

test('get-property with scopes, special keys and SYSTEM_DATE', () => {
  const m = jsonMsg('{}');
  m.setProperty('Hospital', 'grand oak community hospital');
  m.axis2.set('messageType', 'application/json');
  m.transportHeaders.set('Accept', 'text/plain');
  m.to = '/healthcare/querydoctor/surgery';
  assert.equal(ev("fn:concat('Routing to ', get-property('Hospital'))", m), 'Routing to grand oak community hospital');
  assert.equal(ev("get-property('axis2', 'messageType')", m), 'application/json');
  assert.equal(ev("get-property('transport', 'accept')", m), 'text/plain');
  assert.equal(ev("get-property('MessageID')", m), m.messageId);
  assert.equal(ev("get-property('To')", m), '/healthcare/querydoctor/surgery');
  assert.equal(ev("get-property('missing')", m), '');
  assert.match(ev("get-property('SYSTEM_DATE', 'yyyy-MM-dd')", m), /^\d{4}-\d{2}-\d{2}$/);
  assert.match(ev("get-property('SYSTEM_TIME')", m), /^\d{13}$/);
  assert.equal(ev("base64Encode('hello')", m), 'aGVsbG8=');
  assert.equal(ev("base64Decode('aGVsbG8=')", m), 'hello');
  assert.equal(ev("url-encode('a b/c?d=e')", m), 'a%20b/c?d=e');
});

test('invalid expressions are refused when compiled', () => {
  assert.throws(() => compileExpression('//a[', {}), { code: 'CONDUIT_EXPRESSION_INVALID' });
  assert.throws(() => compileExpression('json-eval($.a[)'), { code: 'CONDUIT_EXPRESSION_INVALID' });
  assert.throws(() => compileExpression('json-eval(a.b)'), { code: 'CONDUIT_EXPRESSION_INVALID' });
  assert.throws(() => compileExpression(''), { code: 'CONDUIT_EXPRESSION_INVALID' });
});

test('run-time failures yield an empty string and a WARN', () => {
  const log = new MemoryLogger();
  const m = new MessageContext();
  m.setPayload(Payload.json('{"a":'));
  assert.equal(compileExpression('json-eval($.a)').evaluate(m, log), '');
  assert.equal(compileExpression('//a').evaluate(m, log), '');
  assert.equal(compileExpression('no-such-function()').evaluate(jsonMsg('{}'), log), '');
  assert.equal(log.records.filter((r) => r.level === 'WARN' && r.message.includes('CONDUIT_EXPRESSION_FAILED')).length, 3);
});

test('boolean evaluation for filters', () => {
  const m = jsonMsg(APPOINTMENT);
  assert.equal(compileExpression("//hospital = 'grand oak community hospital'").evaluateBoolean(m), true);
  assert.equal(compileExpression('//nothing').evaluateBoolean(m), false);
  assert.equal(compileExpression('json-eval($.doctor)').evaluateBoolean(m), false);
  assert.equal(compileExpression('json-eval($.ok)').evaluateBoolean(jsonMsg('{"ok":true}')), true);
});

test('Java number and date printing', () => {
  assert.equal(javaDouble(2), '2.0');
  assert.equal(javaDouble(0.5), '0.5');
  assert.equal(javaDouble(1e7), '1.0E7');
  assert.equal(javaDouble(1.5e-4), '1.5E-4');
  assert.equal(formatJavaDate(new Date(2025, 3, 2, 9, 5, 7, 12), "yyyy-MM-dd'T'HH:mm:ss.SSS EEE MMM"), '2025-04-02T09:05:07.012 Wed Apr');
});

test('Java regexes match whole strings', () => {
  const r = compileJavaRegex('grand oak community hospital');
  assert.equal(r.matches('grand oak community hospital'), true);
  assert.equal(r.matches('the grand oak community hospital'), false);
  assert.equal(compileJavaRegex('(?i)GRAND.*').matches('grand oak'), true);
  assert.equal(compileJavaRegex('\\p{Alpha}+').matches('abc'), true);
  assert.equal(compileJavaRegex('\\Qa.b\\E').matches('a.b'), true);
  assert.equal(compileJavaRegex('\\Qa.b\\E').matches('axb'), false);
  assert.equal(compileJavaRegex('a*+b').matches('aaab'), true);
  assert.throws(() => compileJavaRegex('(a'), { code: 'CONDUIT_EXPRESSION_INVALID' });
});
