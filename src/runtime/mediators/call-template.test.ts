import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SYNAPSE_NS } from '../../model/xml';
import { harness } from '../../../test/helpers/mediation';
import { setBody } from '../content';
import { MediationFault } from '../fault';
import { MessageContext, Payload } from '../message';

const NS = `xmlns="${SYNAPSE_NS}"`;

function jsonMsg(body: string): MessageContext {
  const m = new MessageContext();
  setBody(m, Payload.json(body), 'application/json');
  return m;
}

/** Logs each named parameter as `name = value` through the three ways a template reads one. */
const SHOW = `<template name="Show" ${NS}>
  <parameter name="lit"/><parameter name="xp"/><parameter name="node"/><parameter name="je"/><parameter name="se"/>
  <parameter name="bare"/><parameter name="obj"/><parameter name="dflt" defaultValue="fallback"/><parameter name="unset"/>
  <sequence>
    <log level="custom">
      <property name="lit" expression="$func:lit"/><property name="xp" expression="$func:xp"/>
      <property name="node" expression="$func:node/name"/><property name="je" expression="$func:je"/>
      <property name="se" expression="get-property('func', 'se')"/><property name="bare" expression="$func:bare"/>
      <property name="dflt" expression="$func:dflt"/><property name="unset" expression="$func:unset"/>
    </log>
    <log><message>\${params.functionParams.lit} \${params.functionParams.obj} \${params.functionParams.se + 1}</message></log>
  </sequence>
</template>`;

test('with-param values: literal, {xpath}, {json-eval}, {${..}} and ${..} are evaluated in the caller; defaults fill the rest', async () => {
  const h = harness();
  h.template(SHOW);
  const seq = h.compile(`
    <call-template target="Show">
      <with-param name="lit" value="plain text"/>
      <with-param name="xp" value="{//customer/name}"/>
      <with-param name="node" value="{//customer}"/>
      <with-param name="je" value="{json-eval($.qty)}"/>
      <with-param name="se" value="{\${payload.qty}}"/>
      <with-param name="bare" value="\${payload.customer.name}"/>
      <with-param name="obj" value="{\${payload.customer}}"/>
      <with-param name="undeclared" value="ignored"/>
    </call-template>
    <log level="custom"><property name="after" expression="$func:lit"/></log>`);
  const msg = jsonMsg('{"customer":{"name":"Ann"},"qty":3}');
  const { result } = await h.run(seq, msg);
  assert.equal(result, true);
  assert.deepEqual(h.logLines(), [
    'lit = plain text, xp = Ann, node = Ann, je = 3, se = 3, bare = Ann, dflt = fallback, unset = ',
    'plain text {"name":"Ann"} 4',
    // The frame is gone once the template returns.
    'after = ',
  ]);
  assert.deepEqual(msg.functionStack, []);
});

test('nested call-templates get their own frame; an argument may read the caller\'s $func, and the caller\'s frame comes back', async () => {
  const h = harness();
  h.template(`<template name="Inner" ${NS}><parameter name="b"/><sequence>
      <log level="custom"><property name="inner.b" expression="$func:b"/><property name="inner.a" expression="$func:a"/></log>
    </sequence></template>`);
  h.template(`<template name="Outer" ${NS}><parameter name="a"/><sequence>
      <call-template target="Inner"><with-param name="b" value="{concat($func:a, '-passed')}"/></call-template>
      <log level="custom"><property name="outer.a" expression="$func:a"/></log>
    </sequence></template>`);
  const seq = h.compile(`<call-template target="Outer"><with-param name="a" value="one"/></call-template>`);
  await h.run(seq, jsonMsg('{}'));
  assert.deepEqual(h.logLines(), ['inner.b = one-passed, inner.a = ', 'outer.a = one']);
});

test('{{expr}} is kept and evaluated when the template reads it, {expr} when the template is entered', async () => {
  const h = harness();
  h.template(`<template name="Late" ${NS}><parameter name="early"/><parameter name="late"/><sequence>
      <property name="stage" value="inside"/>
      <log level="custom"><property name="early" expression="$func:early"/><property name="late" expression="$func:late"/></log>
    </sequence></template>`);
  const seq = h.compile(`<property name="stage" value="caller"/>
    <call-template target="Late"><with-param name="early" value="{$ctx:stage}"/><with-param name="late" value="{{$ctx:stage}}"/></call-template>`);
  await h.run(seq, jsonMsg('{}'));
  assert.deepEqual(h.logLines(), ['early = caller, late = inside']);
});

test('a mandatory parameter that is not passed raises ERROR_CODE 500101, even with a default', async () => {
  const h = harness();
  h.template(`<template name="Needs" ${NS}><parameter name="greeting" isMandatory="true" defaultValue="Welcome"/><sequence>
      <log level="custom"><property name="greeting" expression="$func:greeting"/></log></sequence></template>`);
  const unhandled = h.compile(`<call-template target="Needs"/>`);
  await assert.rejects(h.run(unhandled, jsonMsg('{}')), (err: unknown) => {
    assert.ok(err instanceof MediationFault);
    assert.equal(err.code, 'CONDUIT_TEMPLATE_PARAMETER_MISSING');
    assert.equal(err.errorCode, 500101);
    assert.equal(err.message, 'Neither a value nor default value is provided for mandatory parameter: greeting in seq-template Needs');
    return true;
  });

  const passed = h.compile(`<call-template target="Needs"><with-param name="greeting" value="Hi"/></call-template>`);
  assert.equal((await h.run(passed, jsonMsg('{}'))).result, true);
  assert.deepEqual(h.logLines(), ['greeting = Hi']);
});

test('a target that is not deployed is a fault the call\'s onError does not handle; a replaced template takes effect at once', async () => {
  const h = harness();
  const seq = h.compile(`<call-template target="Later" onError="Handler"/>`);
  await assert.rejects(h.run(seq, jsonMsg('{}')), (err: unknown) => {
    assert.ok(err instanceof MediationFault);
    assert.equal(err.code, 'CONDUIT_REFERENCE_UNRESOLVED');
    assert.match(err.message, /^Sequence template Later cannot be found/);
    return true;
  });

  h.template(`<template name="Later" ${NS}><sequence><log level="custom"><property name="v" value="1"/></log></sequence></template>`);
  await h.run(seq, jsonMsg('{}'));
  h.template(`<template name="Later" ${NS}><sequence><log level="custom"><property name="v" value="2"/></log><drop/></sequence></template>`);
  assert.equal((await h.run(seq, jsonMsg('{}'))).result, false, 'a template that stops the flow stops the caller too');
  assert.deepEqual(h.logLines(), ['v = 1', 'v = 2']);

  h.undeployTemplate('Later');
  await assert.rejects(h.run(seq, jsonMsg('{}')), /cannot be found/);
});

test('bad call-template and template definitions are refused at deploy with their code', () => {
  const h = harness();
  assert.throws(() => h.compile(`<call-template/>`), /CONDUIT_ARTIFACT_INVALID|non-empty target/);
  assert.throws(() => h.compile(`<call-template target="T"><with-param name="x"/></call-template>`), /needs a value attribute/);
  assert.throws(() => h.compile(`<call-template target="T"><with-param name="" value="v"/></call-template>`), /empty name/);
  assert.throws(() => h.compile(`<call-template target="T"><with-param name="x" value="{//a[}"/></call-template>`), (err: { problem?: { code: string } }) => {
    assert.equal(err.problem?.code, 'CONDUIT_EXPRESSION_INVALID');
    return true;
  });
  assert.throws(() => h.template(`<template name="NoBody" ${NS}><parameter name="x"/></template>`), /has no <sequence>/);
  assert.throws(() => h.template(`<template name="Bad" ${NS}><sequence><nosuchmediator/></sequence></template>`), (err: { problem?: { code: string } }) => {
    assert.equal(err.problem?.code, 'CONDUIT_MEDIATOR_UNKNOWN');
    return true;
  });
});
