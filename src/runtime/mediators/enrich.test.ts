import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { wireBody } from '../wire-body';
import { MessageContext, Payload } from '../message';
import { JsonValue, propertyString } from '../expressions/property-values';
import { setBody } from '../content';

function jsonMsg(body: string): MessageContext {
  const m = new MessageContext();
  setBody(m, Payload.json(body), 'application/json');
  return m;
}

function xmlMsg(body: string): MessageContext {
  const m = new MessageContext();
  setBody(m, Payload.xml(body), 'application/xml');
  return m;
}

const ORDER = '{"id":7,"customer":{"name":"Ann","city":"Colombo"},"items":[{"sku":"A1","qty":2},{"sku":"B2","qty":1}],"total":10.50}';

test('JSON: the body goes to a property and back, unchanged byte for byte', async () => {
  const h = harness();
  const save = h.compile(`
    <enrich><source type="body" clone="true"/><target type="property" property="ORIGINAL"/></enrich>
    <payloadFactory media-type="json"><format>{"other":true}</format></payloadFactory>`);
  const restore = h.compile('<enrich><source type="property" property="ORIGINAL"/><target type="body"/></enrich>');
  const msg = jsonMsg(ORDER);
  await h.run(save, msg);
  assert.ok(msg.getProperty('ORIGINAL') instanceof JsonValue);
  assert.equal(propertyString(msg.getProperty('ORIGINAL')), ORDER);
  assert.equal(msg.payload.text, '{"other":true}');
  await h.run(restore, msg);
  assert.equal(msg.payload.kind, 'json');
  assert.equal(msg.payload.text, ORDER);
});

test('JSON: a child is added to an object (merged) and to an array (appended)', async () => {
  const h = harness();
  const seq = h.compile(`
    <enrich><source type="inline" clone="true">{"country":"LK"}</source><target action="child" xpath="json-eval($.customer)"/></enrich>
    <enrich><source type="inline">{"sku":"C3","qty":5}</source><target action="child" xpath="json-eval($.items)"/></enrich>
    <enrich><source type="inline">{"channel":"web"}</source><target action="child" xpath="json-eval($.)"/></enrich>`);
  const msg = jsonMsg(ORDER);
  await h.run(seq, msg);
  assert.equal(
    msg.payload.text,
    '{"id":7,"customer":{"name":"Ann","city":"Colombo","country":"LK"},"items":[{"sku":"A1","qty":2},{"sku":"B2","qty":1},{"sku":"C3","qty":5}],"total":10.50,"channel":"web"}',
  );
});

test('JSON: a field is replaced with a property value, typed as Gson reads the text', async () => {
  const h = harness();
  const seq = h.compile(`
    <property name="newCity" value="Kandy"/>
    <property name="newId" value="42"/>
    <enrich><source type="property" property="newCity"/><target xpath="json-eval($.customer.city)"/></enrich>
    <enrich><source type="property" property="newId"/><target xpath="json-eval($.id)"/></enrich>
    <enrich><source xpath="json-eval($.customer)"/><target type="property" property="cust"/></enrich>
    <enrich><source type="property" property="cust"/><target xpath="json-eval($.items[0])"/></enrich>`);
  const msg = jsonMsg(ORDER);
  await h.run(seq, msg);
  assert.equal(
    msg.payload.text,
    '{"id":42,"customer":{"name":"Ann","city":"Kandy"},"items":[{"name":"Ann","city":"Kandy"},{"sku":"B2","qty":1}],"total":10.50}',
  );
});

test('JSON: fields are removed from the body (several paths) and from a property', async () => {
  const h = harness();
  const seq = h.compile(`
    <enrich><source xpath="json-eval($.items[*].qty,$.total)"/><target action="remove" type="body"/></enrich>
    <property name="p" type="JSON" value='{"a":1,"b":2}'/>
    <enrich><source xpath="json-eval($.a)"/><target action="remove" type="property" property="p"/></enrich>`);
  const msg = jsonMsg(ORDER);
  await h.run(seq, msg);
  assert.equal(msg.payload.text, '{"id":7,"customer":{"name":"Ann","city":"Colombo"},"items":[{"sku":"A1"},{"sku":"B2"}]}');
  assert.equal(propertyString(msg.getProperty('p')), '{"b":2}');
});

test('JSON: clone="false" moves a value; a key is renamed in place', async () => {
  const h = harness();
  const seq = h.compile(`
    <enrich><source clone="false" xpath="json-eval($.customer.city)"/><target type="property" property="city"/></enrich>
    <enrich><source type="inline">client</source><target type="key" xpath="json-eval($.customer)"/></enrich>`);
  // The key target's path names the key: $.customer is the key customer of the root object.
  const msg = jsonMsg(ORDER);
  await h.run(seq, msg);
  assert.equal(msg.payload.text, '{"id":7,"client":{"name":"Ann"},"items":[{"sku":"A1","qty":2},{"sku":"B2","qty":1}],"total":10.50}');
  // Gson's JsonPrimitive prints a string with its quotes, so a JSON string property reads back quoted.
  assert.equal(propertyString(msg.getProperty('city')), '"Colombo"');
});

test('JSON: a missing source path is a mediation fault', async () => {
  const h = harness();
  const seq = h.compile('<enrich><source xpath="json-eval($.nope)"/><target type="property" property="x"/></enrich>');
  await assert.rejects(h.run(seq, jsonMsg(ORDER)), (err: Error & { code?: string }) => err.code === 'CONDUIT_MEDIATION_FAILED' && /selects nothing/.test(err.message));
});

test('XML: an inline element is added as a child and as a sibling; a text replaces a value', async () => {
  const h = harness();
  const seq = h.compile(`
    <enrich><source type="inline" clone="true"><status xmlns="">new</status></source><target action="child" xpath="//order"/></enrich>
    <enrich><source type="inline"><audit xmlns="">ok</audit></source><target action="sibling" xpath="//order/id"/></enrich>
    <property name="who" value="Bob"/>
    <enrich><source type="property" property="who"/><target xpath="//order/customer"/></enrich>`);
  const msg = xmlMsg('<order><id>7</id><customer>Ann</customer></order>');
  await h.run(seq, msg);
  assert.equal(msg.payload.kind, 'xml');
  assert.equal(msg.payload.text, '<order><id>7</id><audit>ok</audit><customer>Bob</customer><status>new</status></order>');
});

test('XML: body to property and back; an XPath source replaces an element', async () => {
  const h = harness();
  const seq = h.compile(`
    <enrich><source type="body"/><target type="property" property="ORIGINAL"/></enrich>
    <payloadFactory media-type="xml"><format><changed xmlns=""/></format></payloadFactory>
    <enrich><source type="property" property="ORIGINAL"/><target type="body"/></enrich>
    <enrich><source xpath="//customer"/><target xpath="//id"/></enrich>`);
  const msg = xmlMsg('<order><id>7</id><customer>Ann</customer></order>');
  await h.run(seq, msg);
  assert.equal(msg.payload.text, '<order><customer>Ann</customer><customer>Ann</customer></order>');
  assert.equal(propertyString(msg.getProperty('ORIGINAL')), '<order><id>7</id><customer>Ann</customer></order>');
});

test('XPath enrich of a JSON body works on the XML view and goes out as JSON', async () => {
  const h = harness();
  const seq = h.compile('<enrich><source type="inline"><note xmlns="">hi</note></source><target action="child" xpath="$body/jsonObject/customer"/></enrich>');
  const msg = jsonMsg('{"customer":{"name":"Ann"}}');
  await h.run(seq, msg);
  assert.equal(wireBody(msg)!.bytes.toString(), '{"customer":{"name":"Ann","note":"hi"}}');
});

test('deploy refuses the combinations Synapse refuses, and those Conduit does not run', () => {
  const h = harness();
  const refused: Array<[string, RegExp]> = [
    ['<enrich><source type="envelope"/><target type="body"/></enrich>', /envelope cannot go to a target of type body/],
    ['<enrich><source type="body"/><target type="body"/></enrich>', /body cannot go to a target of type body/],
    ['<enrich><source xpath="//a"/><target type="envelope"/></enrich>', /custom cannot go to a target of type envelope/],
    ['<enrich><source type="property" property="p"/><target type="envelope" action="child"/></enrich>', /envelope only takes the replace action/],
    ['<enrich><source type="body"/><target type="property" property="p" action="remove"/></enrich>', /remove action needs a source of type custom/],
    ['<enrich><source xpath="json-eval($.a)"/><target action="remove"/></enrich>', /target of type body or property/],
    ['<enrich><source type="inline">x</source><target type="key" xpath="json-eval($.a)" action="child"/></enrich>', /key only takes the replace action/],
    ['<enrich><source type="inline">x</source><target type="key" xpath="//a"/></enrich>', /json-eval\(\$\.path\.to\.key\)/],
    ['<enrich><source xpath="json-eval($.a)"/><target xpath="json-eval($.)"/></enrich>', /cannot replace the root path/],
    ['<enrich><source xpath="json-eval($.a)"/><target xpath="json-eval($.b)" action="sibling"/></enrich>', /sibling action is not supported/],
    ['<enrich><source xpath="json-eval($.a)"/><target xpath="//b"/></enrich>', /mixing a json-eval path and an XPath/],
    ['<enrich><source type="inline"/><target type="body"/></enrich>', /needs an XML element, JSON text or a key/],
    ['<enrich><source type="thing"/><target type="body"/></enrich>', /unknown enrich source type thing/],
    ['<enrich><source type="body"/><target type="inline"/></enrich>', /cannot be of type inline/],
    ['<enrich><source type="body"/><target type="property" property="p" action="move"/></enrich>', /unknown enrich target action move/],
    ['<enrich><source type="body"/></enrich>', /needs a <target>/],
    ['<enrich><source/><target type="body"/></enrich>', /needs an xpath attribute/],
  ];
  for (const [xml, why] of refused) assert.throws(() => h.compile(xml), why, xml);
});
