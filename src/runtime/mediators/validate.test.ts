import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { ConduitError } from '../../model/errors';
import { setBody } from '../content';
import { MessageContext, Payload } from '../message';

function msgOf(body: string, type: string): MessageContext {
  const m = new MessageContext();
  setBody(m, type.includes('json') ? Payload.json(body) : Payload.xml(body), type);
  return m;
}

const ORDER_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['id', 'qty'],
  properties: { id: { type: 'string' }, qty: { type: 'integer', minimum: 1, maximum: 10, exclusiveMaximum: true }, mail: { type: 'string', format: 'email' } },
});

const RESOURCES = { 'gov:schemas/order.json': ORDER_SCHEMA, 'gov:schemas/qty.json': '{"type":"integer","minimum":1}', 'gov:schemas/order.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>', 'gov:schemas/broken.json': '{"type":"nonsense"}' };

const ON_FAIL = `<on-fail><property name="why" expression="get-property('ERROR_MESSAGE')"/><property name="failed" value="yes"/></on-fail>`;

test('a payload that matches the draft-04 schema goes on; on-fail does not run', async () => {
  const h = harness(RESOURCES);
  const msg = msgOf('{"id":"A1","qty":3,"mail":"a@b.example"}', 'application/json');
  const { result } = await h.run(h.compile(`<validate><schema key="gov:schemas/order.json"/>${ON_FAIL}</validate><property name="after" value="ran"/>`), msg);
  assert.equal(result, true);
  assert.equal(msg.getProperty('failed'), undefined);
  assert.equal(msg.getProperty('after'), 'ran');
});

test('a payload that does not match runs on-fail with ERROR_MESSAGE and ERROR_DETAIL, then the flow goes on', async () => {
  const h = harness(RESOURCES);
  const seq = h.compile(`<validate><schema key="gov:schemas/order.json"/>${ON_FAIL}</validate><property name="after" value="ran"/>`);
  const cases: Array<[string, string]> = [
    ['{"id":"A1"}', "must have required property 'qty'"],
    ['{"id":"A1","qty":10}', '/qty must be < 10'],
    ['{"id":"A1","qty":2,"mail":"nope"}', '/mail must match format "email"'],
    ['', "must have required property 'id'"],
  ];
  for (const [body, why] of cases) {
    const msg = msgOf(body, 'application/json');
    await h.run(seq, msg);
    assert.equal(msg.getProperty('failed'), 'yes', body);
    assert.equal(msg.getProperty('why'), why, body);
    assert.match(String(msg.getProperty('ERROR_DETAIL')), /^Error while validating Json message \[\{"instancePath"/);
    assert.equal(msg.getProperty('after'), 'ran');
  }
});

test('on-fail that answers the client ends the flow; a json-eval source validates only that part', async () => {
  const h = harness(RESOURCES);
  const seq = h.compile(`<validate source="json-eval($.order.qty)"><schema key="gov:schemas/qty.json"/><on-fail><respond/></on-fail></validate><property name="after" value="ran"/>`);
  const bad = msgOf('{"order":{"qty":0}}', 'application/json');
  const r = await h.run(seq, bad);
  assert.equal(r.result, false);
  assert.ok(r.answered);
  assert.equal(bad.getProperty('after'), undefined);
  const good = msgOf('{"order":{"qty":4}}', 'application/json');
  assert.equal((await h.run(seq, good)).result, true);
  assert.equal(good.getProperty('after'), 'ran');
});

test('an XML message checked against a JSON schema faults, as MI cannot validate it either', async () => {
  const h = harness(RESOURCES);
  await assert.rejects(h.run(h.compile(`<validate><schema key="gov:schemas/order.json"/>${ON_FAIL}</validate>`), msgOf('<order/>', 'application/xml')), (err: ConduitError) => {
    assert.equal(err.code, 'CONDUIT_MEDIATION_FAILED');
    assert.match(err.message, /the message is not JSON/);
    return true;
  });
});

test('validate is refused at deploy for XML Schemas, schemas that do not compile, and what MI refuses', () => {
  const h = harness(RESOURCES);
  const refused = (xml: string, code: string, message: RegExp) =>
    assert.throws(() => h.compile(xml), (err: ConduitError) => err.code === code && message.test(err.message));
  refused(`<validate><schema key="gov:schemas/order.xsd"/>${ON_FAIL}</validate>`, 'CONDUIT_UNSUPPORTED', /is an XML Schema/);
  refused(`<validate><schema key="gov:schemas/broken.json"/>${ON_FAIL}</validate>`, 'CONDUIT_ARTIFACT_INVALID', /is not a valid JSON schema/);
  refused(`<validate><schema key="gov:schemas/missing.json"/>${ON_FAIL}</validate>`, 'CONDUIT_REGISTRY_NOT_FOUND', /not in the registry/);
  refused(`<validate><schema key="gov:schemas/order.json"/></validate>`, 'CONDUIT_ARTIFACT_INVALID', /needs an <on-fail>/);
  refused(`<validate>${ON_FAIL}</validate>`, 'CONDUIT_ARTIFACT_INVALID', /needs a <schema/);
  refused(`<validate source="//order"><schema key="gov:schemas/order.json"/>${ON_FAIL}</validate>`, 'CONDUIT_UNSUPPORTED', /is an XPath/);
});
