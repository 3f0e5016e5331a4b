import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { ConduitError } from '../../model/errors';
import { MessageContext } from '../message';

const WSP = 'xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:throttle="http://www.wso2.org/products/wso2commons/throttle"';

function policy(entry: string, concurrent = ''): string {
  return `<policy><wsp:Policy ${WSP}><throttle:ThrottleAssertion>${concurrent}${entry}</throttle:ThrottleAssertion></wsp:Policy></policy>`;
}

function control(count: number, unitMs: number, prohibit = ''): string {
  return (
    `<wsp:All><throttle:ID throttle:type="IP">other</throttle:ID><wsp:ExactlyOne><wsp:All>` +
    `<throttle:MaximumCount>${count}</throttle:MaximumCount><throttle:UnitTime>${unitMs}</throttle:UnitTime>${prohibit}` +
    `</wsp:All><throttle:IsAllowed>true</throttle:IsAllowed></wsp:ExactlyOne></wsp:All>`
  );
}

const BRANCHES = `<onAccept><property name="verdict" value="accepted"/></onAccept><onReject><property name="verdict" value="rejected"/><respond/></onReject>`;

async function verdicts(h: ReturnType<typeof harness>, xml: string, n: number): Promise<string[]> {
  const seq = h.compile(xml);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const msg = new MessageContext();
    const { result } = await h.run(seq, msg);
    out.push(`${String(msg.getProperty('verdict'))}${result ? '' : ' (stopped)'}${msg.getProperty('after') ? ' then went on' : ''}`);
  }
  return out;
}

test('MaximumCount requests in a unit of time run onAccept and go on; the next one runs onReject', async () => {
  const h = harness();
  const xml = `<throttle id="T">${policy(control(3, 600_000))}${BRANCHES}</throttle><property name="after" value="yes"/>`;
  assert.deepEqual(await verdicts(h, xml, 5), [
    'accepted then went on',
    'accepted then went on',
    'accepted then went on',
    'rejected (stopped)',
    'rejected (stopped)',
  ]);
});

test('the count opens again once the prohibit time is over', async () => {
  const h = harness();
  const seq = h.compile(`<throttle id="T">${policy(control(1, 600_000, '<throttle:ProhibitTimePeriod wsp:Optional="true">50</throttle:ProhibitTimePeriod>'))}${BRANCHES}</throttle>`);
  const verdict = async () => {
    const msg = new MessageContext();
    await h.run(seq, msg);
    return msg.getProperty('verdict');
  };
  assert.equal(await verdict(), 'accepted');
  assert.equal(await verdict(), 'rejected');
  // Refused while prohibited, and counted afresh afterwards; the window of 10 minutes does not hold it back.
  let v = await verdict();
  while (v === 'rejected') {
    await new Promise((r) => setTimeout(r, 10));
    v = await verdict();
  }
  assert.equal(v, 'accepted');
  assert.equal(await verdict(), 'rejected');
});

test('IsAllowed false refuses every caller; a throttle without onReject stops the flow; a bare MaximumCount policy counts every caller', async () => {
  const h = harness();
  const deny = `<wsp:All><throttle:ID throttle:type="DOMAIN">other</throttle:ID><throttle:IsAllowed>false</throttle:IsAllowed></wsp:All>`;
  assert.deepEqual(await verdicts(h, `<throttle id="D">${policy(deny)}${BRANCHES}</throttle>`, 1), ['rejected (stopped)']);
  assert.deepEqual(await verdicts(h, `<throttle id="D">${policy(deny)}</throttle><property name="after" value="yes"/>`, 1), ['undefined (stopped)']);
  const bare = `<throttle id="B"><policy><wsp:Policy ${WSP}><throttle:MaximumCount>1</throttle:MaximumCount><throttle:UnitTime>600000</throttle:UnitTime></wsp:Policy></policy>${BRANCHES}</throttle>`;
  assert.deepEqual(await verdicts(h, bare, 2), ['accepted', 'rejected (stopped)']);
});

test('onAccept and onReject may name sequences', async () => {
  const h = harness();
  h.sequence('Yes', `<property name="verdict" value="accepted by sequence"/>`);
  h.sequence('No', `<property name="verdict" value="rejected by sequence"/><drop/>`);
  assert.deepEqual(await verdicts(h, `<throttle id="S" onAccept="Yes" onReject="No">${policy(control(1, 600_000))}</throttle>`, 2), ['accepted by sequence', 'rejected by sequence (stopped)']);
});

test('policies Conduit does not run, and throttles MI refuses, are refused at deploy', () => {
  const h = harness();
  const refused = (xml: string, code: string, message: RegExp) => assert.throws(() => h.compile(xml), (err: ConduitError) => err.code === code && message.test(err.message));
  const named = `<wsp:All><throttle:ID throttle:type="IP">10.0.0.1</throttle:ID><throttle:IsAllowed>false</throttle:IsAllowed></wsp:All>`;
  refused(`<throttle id="T">${policy(named)}</throttle>`, 'CONDUIT_UNSUPPORTED', /names the caller '10.0.0.1'/);
  refused(`<throttle>${policy(control(1, 1000))}</throttle>`, 'CONDUIT_ARTIFACT_INVALID', /needs an 'id'/);
  refused(`<throttle id="T"/>`, 'CONDUIT_ARTIFACT_INVALID', /needs a <policy>/);
  refused(`<throttle id="T">${policy(control(1, 0))}</throttle>`, 'CONDUIT_ARTIFACT_INVALID', /UnitTime '0' is not a whole number of at least 1/);
  refused(`<throttle id="T"><policy key="gov:policies/missing.xml"/></throttle>`, 'CONDUIT_REGISTRY_NOT_FOUND', /not in the registry/);
});

test('a policy from the registry is read as an inline one', async () => {
  const h = harness({ 'gov:policies/one.xml': `<wsp:Policy ${WSP}><throttle:ThrottleAssertion>${control(1, 600_000)}</throttle:ThrottleAssertion></wsp:Policy>` });
  assert.deepEqual(await verdicts(h, `<throttle id="R"><policy key="gov:policies/one.xml"/>${BRANCHES}</throttle>`, 2), ['accepted', 'rejected (stopped)']);
});
