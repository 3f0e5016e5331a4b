import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { MessageContext, Payload } from '../message';

test('each target gets a whole copy of the message, numbered for the aggregate with the clone id', async () => {
  const h = harness();
  const copy = (name: string) => `<target><sequence>
        <property name="who" value="${name}"/>
        <payloadFactory media-type="json"><format>{"changed":"${name}"}</format><args/></payloadFactory>
        <log level="custom"><property name="copy" expression="fn:concat(get-property('who'), ' ', get-property('messageSequence.c'), ' ', get-property('aggregateCorelation.c'))"/></log>
      </sequence></target>`;
  const seq = h.compile(`<property name="who" value="parent"/><clone id="c">${copy('first')}${copy('second')}</clone>`);
  const msg = new MessageContext();
  msg.setPayload(Payload.json('{"order":7}'));
  const { result } = await h.run(seq, msg);
  assert.equal(result, false, 'the parent stops at the clone');
  assert.equal(msg.payload.text, '{"order":7}', 'the original payload is untouched');
  assert.equal(msg.getProperty('who'), 'parent');
  assert.deepEqual(h.logLines().sort(), [`copy = first 0/2 ${msg.messageId}`, `copy = second 1/2 ${msg.messageId}`]);
});

test('with continueParent the original goes on after the clone; a target without a call ends with its target', async () => {
  const h = harness();
  const seq = h.compile(`
    <clone continueParent="true">
      <target><sequence><log level="custom"><property name="copy" value="ran"/></log></sequence></target>
    </clone>
    <log level="custom"><property name="parent" value="after"/></log>`);
  const msg = new MessageContext();
  msg.setPayload(Payload.json('{}'));
  const { result } = await h.run(seq, msg);
  assert.equal(result, true);
  assert.deepEqual(h.logLines().sort(), ['copy = ran', 'parent = after']);
});
