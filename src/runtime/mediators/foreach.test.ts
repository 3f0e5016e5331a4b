import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateProject } from '../../model/validate';
import { NS, projectFromXml } from '../../../test/helpers/project-from-xml';
import { harness } from '../../../test/helpers/mediation';
import { DeployError } from '../deploy-error';
import { MessageContext, Payload } from '../message';

test('an XPath foreach replaces each element in place with what its sequence made of it, counting from 0', async () => {
  const h = harness();
  const seq = h.compile(`
    <foreach expression="//item" id="fe">
      <sequence>
        <property name="seen" value="inside"/>
        <payloadFactory media-type="xml"><format><line xmlns="" n="$1">$2</line></format>
          <args><arg expression="get-property('fe_FOREACH_COUNTER')"/><arg expression="concat(//item, '!')"/></args></payloadFactory>
      </sequence>
    </foreach>`);
  const msg = new MessageContext();
  msg.setPayload(Payload.xml('<order><ref>R1</ref><item>pen</item><item>ink</item></order>'));
  const { result } = await h.run(seq, msg);
  assert.equal(result, true, 'the message goes on after the foreach');
  assert.equal(msg.payload.text, '<order><ref>R1</ref><line n="0">pen!</line><line n="1">ink!</line></order>');
  assert.equal(msg.getProperty('seen'), 'inside', 'the iterations share the message context, as in MI');
});

test('a json-eval foreach transforms each item of the array and keeps the rest of the payload', async () => {
  const h = harness();
  const seq = h.compile(`
    <foreach expression="json-eval($.items)">
      <sequence>
        <payloadFactory media-type="json"><format>{"sku":"$1","qty":$2}</format>
          <args><arg evaluator="json" expression="$.name"/><arg evaluator="json" expression="$.count"/></args></payloadFactory>
      </sequence>
    </foreach>`);
  const msg = new MessageContext();
  msg.setPayload(Payload.json('{"id":9,"items":[{"name":"a","count":1},{"name":"b","count":2}]}'));
  await h.run(seq, msg);
  assert.deepEqual(JSON.parse(msg.payload.text), { id: 9, items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }] });
});

test('a property one iteration sets is seen by the next and after the foreach, as in MI', async () => {
  const h = harness();
  const seq = h.compile(`
    <foreach expression="json-eval($.banks)" id="b">
      <sequence>
        <property name="seen" expression="concat(get-property('seen'), $body/jsonValue, ';')"/>
      </sequence>
    </foreach>`);
  const msg = new MessageContext();
  msg.setPayload(Payload.json('{"banks":[1,2,3]}'));
  await h.run(seq, msg);
  assert.equal(msg.getProperty('seen'), '1;2;3;');
  assert.deepEqual(JSON.parse(msg.payload.text), { banks: [1, 2, 3] }, 'the body is the array after the loop');
});

test('the MI 4.4 collection form and a call inside are refused by the runtime and the validator with the same code', () => {
  const cases = [
    { xml: `<foreach collection="\${payload.items}" parallel-execution="false"><sequence><log/></sequence></foreach>`, code: 'CONDUIT_UNSUPPORTED' },
    { xml: `<foreach expression="//item"><sequence><call><endpoint key="X"/></call></sequence></foreach>`, code: 'CONDUIT_ARTIFACT_INVALID' },
  ];
  for (const c of cases) {
    const problems = validateProject(projectFromXml({ 'sequences/Loop.xml': `<sequence name="Loop" ${NS}>${c.xml}</sequence>` })).filter((p) => p.code === c.code);
    assert.equal(problems.length, 1, c.xml);
    assert.throws(
      () => harness().compile(c.xml),
      (err: unknown) => err instanceof DeployError && err.problem.code === c.code && err.problem.message === problems[0].message,
    );
  }
});
