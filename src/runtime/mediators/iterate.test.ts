import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateProject } from '../../model/validate';
import { NS, projectFromXml } from '../../../test/helpers/project-from-xml';
import { harness } from '../../../test/helpers/mediation';
import { DeployError } from '../deploy-error';
import { MessageContext, Payload } from '../message';

function jsonMessage(value: unknown): MessageContext {
  const msg = new MessageContext();
  msg.setPayload(Payload.json(JSON.stringify(value)));
  msg.axis2.set('messageType', 'application/json');
  return msg;
}

test('each part gets its own copy: a property set in one target is seen neither by the others nor by the parent', async () => {
  const h = harness();
  const seq = h.compile(`
    <property name="who" value="parent"/>
    <iterate expression="json-eval($.items)" id="it">
      <target><sequence>
        <property name="who" expression="json-eval($.name)"/>
        <payloadFactory media-type="json"><format>{"seen":"$1","position":"$2"}</format>
          <args><arg expression="get-property('who')"/><arg expression="get-property('messageSequence.it')"/></args></payloadFactory>
        <aggregate id="it"><onComplete expression="json-eval($)"><respond/></onComplete></aggregate>
      </sequence></target>
    </iterate>`);
  const msg = jsonMessage({ items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
  const { result, answered } = await h.run(seq, msg);
  assert.equal(result, false, 'the parent stops at the iterate (continueParent is false by default)');
  assert.equal(msg.getProperty('who'), 'parent');
  const parts = JSON.parse(answered!.payload.text) as Array<{ seen: string; position: string }>;
  assert.deepEqual(parts.map((p) => `${p.seen}@${p.position}`).sort(), ['a@0/3', 'b@1/3', 'c@2/3']);
});

test('without a call in the target a part ends with its target, as in MI; continueParent lets the parent go on', async () => {
  const h = harness();
  const seq = h.compile(`
    <iterate expression="//item" continueParent="true">
      <target><sequence><log level="custom"><property name="part" expression="//item/text()"/></log></sequence></target>
    </iterate>
    <log level="custom"><property name="after" value="parent"/></log>`);
  const msg = new MessageContext();
  msg.setPayload(Payload.xml('<items><item>1</item><item>2</item></items>'));
  await h.run(seq, msg);
  const lines = h.logLines();
  assert.deepEqual(lines.filter((l) => l.includes('part')).sort(), ['part = 1', 'part = 2']);
  assert.deepEqual(lines.filter((l) => l.includes('after')), ['after = parent']);
});

test('preservePayload puts each element back under attachPath in a copy of the payload without the others', async () => {
  const h = harness();
  const seq = h.compile(`
    <iterate expression="//order/item" preservePayload="true" attachPath="//order">
      <target><sequence>
        <aggregate><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
          <onComplete expression="//order"><respond/></onComplete></aggregate>
      </sequence></target>
    </iterate>`);
  const msg = new MessageContext();
  msg.setPayload(Payload.xml('<batch><order><ref>R</ref><item>1</item><item>2</item></order></batch>'));
  const { answered } = await h.run(seq, msg);
  assert.equal(answered!.payload.text, '<batch><order><ref>R</ref><item>1</item></order><order><ref>R</ref><item>2</item></order></batch>');
});

test('messageCount min completes early; the later parts are dropped at the aggregate', async () => {
  const h = harness();
  const seq = h.compile(`
    <iterate expression="json-eval($.n)" sequential="true">
      <target><sequence>
        <aggregate><completeCondition><messageCount min="2"/></completeCondition>
          <onComplete expression="json-eval($)"><respond/></onComplete></aggregate>
      </sequence></target>
    </iterate>`);
  const { answered } = await h.run(seq, jsonMessage({ n: [1, 2, 3, 4] }));
  assert.equal(answered!.payload.text, '[1,2]');
});

test('an attachPath without preservePayload: the validator and the runtime refuse it with the same code and words', () => {
  const xml = `<sequence name="Split" ${NS}><iterate expression="//a" attachPath="//b"><target><sequence><drop/></sequence></target></iterate></sequence>`;
  const problems = validateProject(projectFromXml({ 'sequences/Split.xml': xml })).filter((p) => p.severity === 'error');
  assert.equal(problems.length, 1);
  assert.equal(problems[0].code, 'CONDUIT_ARTIFACT_INVALID');
  const h = harness();
  assert.throws(
    () => h.compile(`<iterate expression="//a" attachPath="//b"><target><sequence><drop/></sequence></target></iterate>`),
    (err: unknown) => err instanceof DeployError && err.problem.code === 'CONDUIT_ARTIFACT_INVALID' && err.problem.message === problems[0].message,
  );
});
