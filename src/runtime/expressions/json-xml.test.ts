import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOMImplementation, XMLSerializer, type Element } from '@xmldom/xmldom';
import { parseXmlDom } from './envelope';
import { parseJson } from '../../model/json/json-value';
import { jsonKeyToXmlName, jsonToXml, xmlToJson } from '../../model/json/json-xml';

function toXml(json: string): Element {
  const doc = new DOMImplementation().createDocument(null, 'root', null);
  return jsonToXml(doc, parseJson(json), json);
}
const xml = (e: Element) => new XMLSerializer().serializeToString(e);
const back = (text: string) => xmlToJson(parseXmlDom(text).documentElement!);

// Examples 1-10 of json-xml-logs-expressions.md §1.5
test('1: object with scalars and a named array', () => {
  const e = toXml('{"name":"John","age":30,"ok":true,"tags":["a","b"]}');
  assert.equal(xml(e), '<jsonObject><name>John</name><age>30</age><ok>true</ok><tags>a</tags><tags>b</tags></jsonObject>');
  assert.equal(xmlToJson(e), '{"name":"John","age":30,"ok":true,"tags":["a","b"]}');
});

test('2: a one-element array is lost without processing instructions, kept with one', () => {
  const e = toXml('{"tags":["a"]}');
  assert.equal(xml(e), '<jsonObject><tags>a</tags></jsonObject>');
  assert.equal(xmlToJson(e), '{"tags":"a"}');
  assert.equal(back('<jsonObject><?xml-multiple  tags?><tags>a</tags></jsonObject>'), '{"tags":["a"]}');
});

test('3: a root array of numbers, and a one-element array collapsing', () => {
  const e = toXml('[10,20]');
  assert.equal(xml(e), '<jsonArray><jsonElement>10</jsonElement><jsonElement>20</jsonElement></jsonArray>');
  assert.equal(xmlToJson(e), '[10,20]');
  assert.equal(back('<jsonArray><jsonElement><pizza><a>1</a></pizza></jsonElement></jsonArray>'), '{"pizza":{"a":1}}');
});

test('4: empty arrays produce nothing', () => {
  assert.equal(xml(toXml('{"array":[]}')), '<jsonObject/>');
  assert.equal(xml(toXml('[]')), '<jsonArray/>');
  assert.equal(back('<jsonObject><?xml-multiple  array?></jsonObject>'), '{"array":[]}');
});

test('5: null, empty string and empty object become empty elements, written back as null', () => {
  const e = toXml('{"value":null}');
  assert.equal(xml(e), '<jsonObject><value/></jsonObject>');
  assert.equal(xmlToJson(e), '{"value":null}');
  assert.equal(xmlToJson(toXml('{"v":""}')), '{"v":null}');
  assert.equal(xmlToJson(toXml('{"v":{}}')), '{"v":null}');
});

test('6: keys starting with $ or a digit are escaped and restored', () => {
  const e = toXml('{"$schema":"U","12X12":"i"}');
  assert.equal(xml(e), '<jsonObject><_JsonReader_PS_schema>U</_JsonReader_PS_schema><_JsonReader_PD_12X12>i</_JsonReader_PD_12X12></jsonObject>');
  assert.equal(xmlToJson(e), '{"$schema":"U","12X12":"i"}');
});

test('7: characters not allowed in names are escaped by code point and restored', () => {
  assert.equal(jsonKeyToXmlName('first name'), 'first_JsonReader_32_name');
  const e = toXml('{"first name":"x"}');
  assert.equal(xml(e), '<jsonObject><first_JsonReader_32_name>x</first_JsonReader_32_name></jsonObject>');
  assert.equal(xmlToJson(e), '{"first name":"x"}');
});

test('8: XML with attributes, numbers, leading zeros, empty and repeated elements', () => {
  assert.equal(
    back('<pizza name="Meat"><price>500.0</price><code>007</code><desc></desc><topping>A</topping><topping/></pizza>'),
    '{"pizza":{"@name":"Meat","price":500.0,"code":"007","desc":null,"topping":["A",null]}}',
  );
});

test('9: text beside attributes is $; nil is an ordinary attribute by default', () => {
  assert.equal(back('<t category="NV">Steak</t>'), '{"t":{"@category":"NV","$":"Steak"}}');
  assert.equal(back('<r><abc nil="true"/></r>'), '{"r":{"abc":{"@nil":"true"}}}');
});

test('10: scalar roots become jsonValue with the raw text', () => {
  const s = toXml('"hello"');
  assert.equal(xml(s), '<jsonValue>"hello"</jsonValue>');
  assert.equal(xmlToJson(s), '"hello"');
  assert.equal(xml(toXml('42')), '<jsonValue>42</jsonValue>');
});

test('number lexemes survive the round trip', () => {
  const e = toXml('{"fee":7000.0,"d":10.50,"big":12345678901234567890}');
  assert.equal(xml(e), '<jsonObject><fee>7000.0</fee><d>10.50</d><big>12345678901234567890</big></jsonObject>');
  assert.equal(xmlToJson(e), '{"fee":7000.0,"d":10.50,"big":12345678901234567890}');
});

test('namespaces are dropped and strings escaped', () => {
  assert.equal(back('<p:a xmlns:p="urn:x"><p:b>say "hi"\n</p:b></p:a>'), '{"a":{"b":"say \\"hi\\"\\n"}}');
});

test('mixed content is refused with a code', () => {
  assert.throws(() => back('<a>text<b>1</b></a>'), { code: 'CONDUIT_EXPRESSION_FAILED' });
});

test('an XML payload with a DOCTYPE is refused', () => {
  assert.throws(
    () => parseXmlDom('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'),
    { code: 'CONDUIT_REQUEST_MALFORMED' },
  );
  assert.throws(() => parseXmlDom('<a><b></a>'), { code: 'CONDUIT_REQUEST_MALFORMED' });
});
