import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { ConduitError } from '../../model/errors';
import { setBody } from '../content';
import { JsonValue, propertyString } from '../expressions/property-values';
import { MessageContext, Payload } from '../message';

function msgOf(body: string, type: string): MessageContext {
  const m = new MessageContext();
  setBody(m, type.includes('json') ? Payload.json(body) : Payload.xml(body), type);
  return m;
}

test('an inline script reads the JSON payload and properties and sets a new payload and properties', async () => {
  const h = harness();
  const seq = h.compile(`
    <property name="rate" value="2" type="INTEGER"/>
    <property name="customer" type="JSON" value='{"name":"Ann"}'/>
    <script language="js"><![CDATA[
      var order = mc.getPayloadJSON();
      var total = order.items.reduce(function (s, i) { return s + i.qty * mc.getProperty('rate'); }, 0);
      mc.setPayloadJSON({ id: order.id, total: total, who: mc.getProperty('customer').name });
      mc.setProperty('total', total);
      mc.setProperty('summary', { lines: order.items.length });
      mc.setProperty('X-Total', String(total), 'transport');
      mc.setProperty('agent', mc.getProperty('user-agent', 'transport'));
      mc.removeProperty('rate');
      print('total is', total);
    ]]></script>
    <log level="custom"><property name="total" expression="get-property('total')"/></log>`);
  const msg = msgOf('{"id":7,"items":[{"qty":1},{"qty":3}]}', 'application/json');
  msg.transportHeaders.set('User-Agent', 'curl/8');
  const { result } = await h.run(seq, msg);
  assert.equal(result, true);
  assert.equal(msg.payload.kind, 'json');
  assert.deepEqual(JSON.parse(msg.payload.text), { id: 7, total: 8, who: 'Ann' });
  assert.equal(msg.getProperty('total'), 8);
  assert.ok(msg.getProperty('summary') instanceof JsonValue);
  assert.equal(propertyString(msg.getProperty('summary')), '{"lines":2}');
  assert.equal(msg.transportHeaders.get('X-Total'), '8');
  assert.equal(msg.getProperty('agent'), 'curl/8');
  assert.equal(msg.properties.has('rate'), false);
  assert.deepEqual(h.logLines(), ['total = 8']);
  assert.ok(h.logger.records.some((r) => r.category === 'ScriptMediator' && r.message === 'total is 8'));
});

test('a registry script with includes runs its function with mc; XML is read and written as text', async () => {
  const h = harness({
    'gov:scripts/util.js': 'function upper(s) { return String(s).toUpperCase(); }',
    'gov:scripts/transform.js': `function transform(mc) {
      var xml = mc.getPayloadXML();
      var name = /<name>([^<]*)<\\/name>/.exec(xml)[1];
      mc.setPayloadXML('<greeting><to>' + upper(name) + '</to></greeting>');
      mc.setProperty('messageType', 'application/xml', 'axis2');
    }`,
  });
  const seq = h.compile(`<script language="nashornJs" key="gov:scripts/transform.js" function="transform"><include key="gov:scripts/util.js"/></script>`);
  const msg = msgOf('{"name":"ann"}', 'application/json');
  msg.setPayload(Payload.xml('<person><name>ann</name></person>'));
  await h.run(seq, msg);
  assert.equal(msg.payload.kind, 'xml');
  assert.equal(msg.payload.text, '<greeting><to>ANN</to></greeting>');
  assert.equal(msg.axis2.get('messageType'), 'application/xml');
  assert.equal(msg.axis2.get('ContentType'), 'application/xml');
});

test('a JSON payload is read as XML through its <jsonObject> view, and an XML one as JSON gives {} as in MI', async () => {
  const h = harness();
  const msg = msgOf('{"a":1}', 'application/json');
  await h.run(h.compile(`<script language="js">mc.setProperty('xml', mc.getPayloadXML());</script>`), msg);
  assert.equal(msg.getProperty('xml'), '<jsonObject><a>1</a></jsonObject>');
  const xml = msgOf('<a>1</a>', 'application/xml');
  await h.run(h.compile(`<script language="js">mc.setProperty('keys', Object.keys(mc.getPayloadJSON()).length);</script>`), xml);
  assert.equal(xml.getProperty('keys'), 0);
});

test('eval of the payload or of JSON text gives the data, as scripts written for MI expect', async () => {
  const h = harness();
  const seq = h.compile(`<script language="js"><![CDATA[
    var list = eval(mc.getPayloadJSON());
    var sum = 0;
    for (var i in list) sum += list[i];
    mc.setProperty('sum', sum);
    mc.setProperty('parsed', eval('(' + JSON.stringify({ n: 2 }) + ')').n);
  ]]></script>`);
  const msg = msgOf('{ "a": 3, "b": 4 }', 'application/json');
  await h.run(seq, msg);
  assert.equal(msg.getProperty('sum'), 7);
  assert.equal(msg.getProperty('parsed'), 2);
});

test('a script returning false stops the flow, as in MI', async () => {
  const h = harness({ 'gov:check.js': 'function mediate(mc) { return mc.getProperty("ok") === "yes"; }' });
  const seq = h.compile(`<script language="js" key="gov:check.js"/><property name="after" value="ran"/>`);
  const stopped = msgOf('{}', 'application/json');
  assert.equal((await h.run(seq, stopped)).result, false);
  assert.equal(stopped.getProperty('after'), undefined);
  const goes = msgOf('{}', 'application/json');
  goes.setProperty('ok', 'yes');
  assert.equal((await h.run(seq, goes)).result, true);
  assert.equal(goes.getProperty('after'), 'ran');
});

test('a script that throws faults the message with CONDUIT_SCRIPT_FAILED and its reason', async () => {
  const h = harness();
  const msg = msgOf('{}', 'application/json');
  await assert.rejects(h.run(h.compile(`<script language="js">throw new Error('no stock');</script>`), msg), (err: ConduitError) => {
    assert.equal(err.code, 'CONDUIT_SCRIPT_FAILED');
    assert.match(err.message, /^the script failed: no stock/);
    return true;
  });
  await assert.rejects(h.run(h.compile(`<script language="js">mc.setPayloadXML('not xml');</script>`), msg), /setPayloadXML was given text that is not XML/);
});

test('a script cannot reach require, process, the file system or the runtime through mc', async () => {
  const h = harness();
  const attempts = [
    `require('fs').readFileSync('/etc/passwd', 'utf8')`,
    `process.exit(1)`,
    `mc.getProperty.constructor('return process')().exit(1)`,
    `this.constructor.constructor('return process')()`,
    `eval('process')`,
    `eval('(function () { return 1; })()')`,
  ];
  for (const code of attempts) {
    const msg = msgOf('{}', 'application/json');
    await assert.rejects(h.run(h.compile(`<script language="js"><![CDATA[mc.setProperty('got', String(${code}));]]></script>`), msg), (err: ConduitError) => {
      assert.equal(err.code, 'CONDUIT_SCRIPT_FAILED', code);
      return true;
    });
    assert.equal(msg.getProperty('got'), undefined, code);
  }
  const msg = msgOf('{}', 'application/json');
  await h.run(h.compile(`<script language="js">import('node:fs').then(function () { mc.setProperty('fs', 'loaded'); }, function (e) { mc.setProperty('fs', 'refused'); });</script>`), msg);
  assert.notEqual(msg.getProperty('fs'), 'loaded');
});

test('a script that loops forever is stopped at its time limit and the next script runs', async () => {
  const h = harness();
  const msg = msgOf('{}', 'application/json');
  await assert.rejects(h.run(h.compile(`<script language="js">while (true) {}</script>`), msg), (err: ConduitError) => {
    assert.equal(err.code, 'CONDUIT_SCRIPT_FAILED');
    assert.match(err.message, /timed out/);
    return true;
  });
  await h.run(h.compile(`<script language="js">mc.setProperty('next', 'ran');</script>`), msg);
  assert.equal(msg.getProperty('next'), 'ran');
});

test('scripts are refused at deploy for what the runtime cannot run', () => {
  const h = harness({ 'gov:broken.js': 'function mediate(mc) {', 'gov:util.js': 'function util() {}' });
  const refused = (xml: string, code: string, message: RegExp) =>
    assert.throws(() => h.compile(xml), (err: ConduitError) => err.code === code && message.test(err.message));
  refused(`<script language="groovy">x = 1</script>`, 'CONDUIT_UNSUPPORTED', /'groovy' are not run/);
  refused(`<script>mc.setProperty('a', 1);</script>`, 'CONDUIT_ARTIFACT_INVALID', /needs a 'language'/);
  refused(`<script language="js">var x = &lt;a&gt;{1}&lt;/a&gt;;</script>`, 'CONDUIT_SCRIPT_FAILED', /the script \(inline\) does not compile/);
  refused(`<script language="js" key="gov:missing.js"/>`, 'CONDUIT_REGISTRY_NOT_FOUND', /gov:missing.js is not in the registry/);
  refused(`<script language="js" key="gov:broken.js"><include key="gov:util.js"/></script>`, 'CONDUIT_SCRIPT_FAILED', /the script gov:broken.js does not compile/);
  refused(`<script language="js" key="{get-property('k')}"/>`, 'CONDUIT_UNSUPPORTED', /computed by an expression/);
});
