import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { setBody } from '../content';
import { JsonValue } from '../expressions/property-values';
import { SynapseNumber } from '../expressions/synapse';
import { MessageContext, Payload } from '../message';

function jsonMsg(body: string): MessageContext {
  const m = new MessageContext();
  m.artifactName = 'OrdersAPI';
  m.method = 'POST';
  m.requestPath = '/orders/17';
  setBody(m, Payload.json(body), 'application/json');
  m.setProperty('uri.var.id', '17');
  return m;
}

const BODY = '{"customer":{"name":"Ann"},"qty":3,"price":2.50,"big":3000000000,"vip":true,"items":["a","b"]}';

test('literals are converted at deploy time; numbers keep their Java type in ${vars.x}', async () => {
  const h = harness();
  const seq = h.compile(`
    <variable name="s" value="hello"/>
    <variable name="i" type="INTEGER" value="41"/>
    <variable name="l" type="LONG" value="9000000000"/>
    <variable name="d" type="DOUBLE" value="5"/>
    <variable name="b" type="BOOLEAN" value="YES"/>
    <variable name="f" type="BOOLEAN" value="on"/>
    <variable name="j" type="JSON" value='{"a":[1,2.0]}'/>
    <variable name="x" type="XML" value="&lt;a&gt;&lt;b&gt;1&lt;/b&gt;&lt;/a&gt;"/>
    <log><message>\${vars.s} \${vars.i + 1} \${vars.l + 1} \${vars.d} \${vars.d / 2} \${vars.b} \${vars.f} \${vars.j.a[1]} \${vars.j}</message></log>
    <log level="custom"><property name="xp" expression="$var:x/b"/><property name="i" expression="$var:i"/><property name="j" expression="$var:j"/></log>`);
  const msg = jsonMsg(BODY);
  await h.run(seq, msg);
  assert.equal(msg.variables.get('s'), 'hello');
  assert.deepEqual(msg.variables.get('i'), SynapseNumber.int(41));
  assert.deepEqual(msg.variables.get('l'), SynapseNumber.long(9000000000n));
  assert.deepEqual(msg.variables.get('d'), SynapseNumber.double(5));
  assert.equal(msg.variables.get('b'), true);
  // isTrueExplicitly takes true, yes and 1 only.
  assert.equal(msg.variables.get('f'), false);
  assert.ok(msg.variables.get('j') instanceof JsonValue);
  assert.deepEqual(h.logLines(), [
    '{api:OrdersAPI POST /orders/17} hello 42 9000000001 5.0 2.5 true false 2.0 {"a":[1,2.0]}',
    '{api:OrdersAPI} xp = 1, i = 41, j = {"a":[1,2.0]}',
  ]);
});

test('expressions: typed results are checked, JSON numbers converted, no type keeps the raw value', async () => {
  const h = harness();
  const seq = h.compile(`
    <variable name="orderId" type="STRING" expression="\${params.pathParams.id}"/>
    <variable name="qty" type="INTEGER" expression="\${payload.qty}"/>
    <variable name="price" type="DOUBLE" expression="\${payload.price}"/>
    <variable name="big" type="LONG" expression="\${payload.big}"/>
    <variable name="vip" type="BOOLEAN" expression="\${payload.vip}"/>
    <variable name="customer" type="JSON" expression="\${payload.customer}"/>
    <variable name="name" type="JSON" expression="\${payload.customer.name}"/>
    <variable name="raw" expression="\${payload.items}"/>
    <variable name="sum" expression="\${vars.qty * 2}"/>
    <variable name="legacy" expression="json-eval($.customer.name)"/>
    <variable name="xp" expression="//qty"/>
    <log><message>\${vars.orderId} \${vars.qty + 1} \${vars.price * 2} \${vars.big + 1} \${vars.vip} \${vars.customer.name} \${vars.raw[1]} \${vars.sum} \${vars.legacy} \${vars.xp}</message></log>`);
  const msg = jsonMsg(BODY);
  await h.run(seq, msg);
  assert.equal(msg.variables.get('orderId'), '17');
  assert.deepEqual(msg.variables.get('qty'), SynapseNumber.int(3));
  assert.deepEqual(msg.variables.get('price'), SynapseNumber.double(2.5));
  assert.deepEqual(msg.variables.get('big'), SynapseNumber.long(3000000000n));
  assert.equal(msg.variables.get('vip'), true);
  // A JSON string primitive is stored as its text (convertJsonPrimitive's getAsString).
  assert.equal(msg.variables.get('name'), 'Ann');
  assert.deepEqual(msg.variables.get('sum'), SynapseNumber.int(6));
  assert.deepEqual(h.logLines(), ['{api:OrdersAPI POST /orders/17} 17 4 5.0 3000000001 true Ann b 6 Ann 3']);
});

test('an expression whose result is not of the type is a mediation fault', async () => {
  const h = harness();
  for (const [type, expr] of [
    ['INTEGER', '${payload.customer.name}'],
    ['INTEGER', '${2.5}'],
    ['LONG', '${5}'],
    ['BOOLEAN', '${payload.qty}'],
    ['JSON', '${5}'],
  ]) {
    const seq = h.compile(`<variable name="v" type="${type}" expression="${expr}"/>`);
    await assert.rejects(
      h.run(seq, jsonMsg(BODY)),
      (err: Error & { code?: string }) => err.code === 'CONDUIT_MEDIATION_FAILED' && err.message.includes(`does not match the expected data type '${type}'`),
      `${type} ${expr}`,
    );
  }
});

test('remove deletes the variable; a removed variable reads as a failed expression', async () => {
  const h = harness();
  const seq = h.compile(`
    <variable name="v" value="x"/>
    <variable name="v" action="remove"/>
    <log><message>[\${vars.v}]</message></log>`);
  const msg = jsonMsg(BODY);
  await h.run(seq, msg);
  assert.equal(msg.variables.has('v'), false);
  assert.deepEqual(h.logLines(), ['{api:OrdersAPI POST /orders/17} []']);
  assert.ok(h.logger.records.some((r) => r.level === 'WARN' && r.message.includes('Variable v is not defined')));
});

test('deploy refuses an unknown type, a missing name or value, and a literal not of its type', () => {
  const h = harness();
  const refused: Array<[string, RegExp]> = [
    ['<variable name="v" type="FLOAT" value="1.5"/>', /Unknown type : FLOAT/],
    ['<variable name="v" type="OM" value="&lt;a/&gt;"/>', /Unknown type : OM/],
    ['<variable name="v" type="string" value="a"/>', /Unknown type : string/],
    ['<variable value="a"/>', /'name' attribute is required/],
    ['<variable name="v"/>', /needs a value or an expression/],
    ['<variable name="v" action="clear" value="a"/>', /unknown variable action clear/],
    ['<variable name="v" type="INTEGER" value="1.5"/>', /cannot be converted to INTEGER/],
    ['<variable name="v" type="INTEGER" value="3000000000"/>', /cannot be converted to INTEGER/],
    ['<variable name="v" type="DOUBLE" value="abc"/>', /cannot be converted to DOUBLE/],
    ['<variable name="v" type="XML" value="&lt;a&gt;"/>', /does not parse/],
    ['<variable name="v" expression="${1 +}"/>', /invalid Synapse expression/],
  ];
  for (const [xml, why] of refused) assert.throws(() => h.compile(xml), why, xml);
  // Removing needs neither a value nor an expression.
  assert.doesNotThrow(() => h.compile('<variable name="v" action="remove"/>'));
});
