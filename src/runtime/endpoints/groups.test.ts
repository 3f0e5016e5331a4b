import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parseXml, SYNAPSE_NS } from '../../model/xml';
import { createFaultyBackend, type FaultyBackend } from '../../../test/helpers/backends';
import { MediationFault } from '../fault';
import { MemoryLogger } from '../logger';
import { MessageContext, Payload } from '../message';
import { deployEndpoint } from './create';
import type { Endpoint, EndpointContext } from './endpoint';
import { HttpClient } from './http-client';

/** Builds an endpoint from XML; `{a}`, `{b}`, ... stand for the back ends' URLs. */
function endpoint(xml: string, urls: Record<string, string>): Endpoint {
  const text = xml.replace(/\{(\w+)\}/g, (_, k: string) => urls[k]);
  const doc = parseXml(text.replace('<endpoint', `<endpoint xmlns="${SYNAPSE_NS}"`));
  assert.ok(doc.root, doc.errors[0]?.message);
  return deployEndpoint(doc.root, 'group.xml');
}

function message(n: number): MessageContext {
  const msg = new MessageContext();
  msg.method = 'POST';
  msg.setPayload(Payload.json(JSON.stringify({ n })));
  msg.axis2.set('ContentType', 'application/json');
  return msg;
}

const faultWith = (errorCode: number, code?: string) => (e: unknown) =>
  e instanceof MediationFault && e.errorCode === errorCode && (code === undefined || e.code === code);

describe('failover and load-balance groups against real back ends', () => {
  const names = ['a', 'b', 'c'] as const;
  const backends = {} as Record<(typeof names)[number], FaultyBackend>;
  let urls: Record<string, string>;
  let logger: MemoryLogger;
  let ctx: EndpointContext;
  // A client per test: a kept-alive socket to a back end that just went down would hang up (101505) instead of being refused.
  let client: HttpClient;

  before(async () => {
    for (const n of names) backends[n] = await createFaultyBackend();
    urls = Object.fromEntries(names.map((n) => [n, backends[n].url]));
  });
  beforeEach(async () => {
    client?.close();
    client = new HttpClient();
    logger = new MemoryLogger();
    ctx = { logger, client };
    for (const n of names) {
      await backends[n].set({ kind: 'ok' });
      backends[n].requests.length = 0;
    }
  });
  after(async () => {
    client.close();
    for (const n of names) await backends[n].close();
  });

  const leaf = (k: string, extra = '') => `<endpoint><http method="post" uri-template="{${k}}/${k}">${extra}</http></endpoint>`;
  const count = () => names.map((n) => backends[n].requests.length);

  test('failover: refused, then reset, then the healthy member answers; the failed ones are suspended and skipped next time', async () => {
    await backends.a.set({ kind: 'down' });
    await backends.b.set({ kind: 'reset' });
    const group = endpoint(`<endpoint name="FO"><failover>${leaf('a')}${leaf('b')}${leaf('c')}</failover></endpoint>`, urls);
    const msg = message(1);
    await group.send(msg, ctx);
    assert.equal(msg.axis2.get('HTTP_SC'), 200);
    assert.equal(msg.payload.text, '{"n":1}', 'the healthy member got the original body');
    assert.deepEqual(count(), [0, 1, 1]);
    assert.equal(logger.records.filter((r) => r.message.includes('Endpoint [FO] Detect a Failure in a child endpoint')).length, 2);

    await backends.b.set({ kind: 'ok' });
    await group.send(message(2), ctx);
    assert.deepEqual(count(), [0, 1, 2], 'suspended members are not tried');
  });

  test('failover: an HTTP 500 is an answer, not a failure', async () => {
    await backends.a.set({ kind: 'error', status: 500 });
    const group = endpoint(`<endpoint name="FO"><failover>${leaf('a')}${leaf('b')}</failover></endpoint>`, urls);
    const msg = message(1);
    await group.send(msg, ctx);
    assert.equal(msg.axis2.get('HTTP_SC'), 500);
    assert.deepEqual(count(), [1, 0, 0]);
  });

  test('failover: every member down gives the last error; then, all suspended, 303000 at once', async () => {
    await backends.a.set({ kind: 'down' });
    await backends.b.set({ kind: 'down' });
    const group = endpoint(`<endpoint name="FO"><failover>${leaf('a')}${leaf('b')}</failover></endpoint>`, urls);
    await assert.rejects(group.send(message(1), ctx), (e: unknown) => faultWith(101503, 'CONDUIT_ENDPOINT_UNREACHABLE')(e) && /Failover endpoint : FO/.test((e as Error).message));
    assert.ok(logger.lines().some((l) => l.includes('Failover endpoint : FO - no ready child endpoints left after 2 failed')));
    await assert.rejects(group.send(message(2), ctx), faultWith(303000, 'CONDUIT_ENDPOINT_SUSPENDED'));
  });

  test('failover: retryConfig disabledErrorCodes stops at the member that failed with that code', async () => {
    await backends.a.set({ kind: 'down' });
    const noRetry = '<retryConfig><disabledErrorCodes>101503</disabledErrorCodes></retryConfig>';
    const group = endpoint(`<endpoint name="FO"><failover>${leaf('a', noRetry)}${leaf('b')}</failover></endpoint>`, urls);
    await assert.rejects(group.send(message(1), ctx), (e: unknown) => faultWith(101503)(e) && /non-retry error/.test((e as Error).message));
    assert.deepEqual(count(), [0, 0, 0]);
  });

  test('failover dynamic="false" stays on the member that took over; dynamic goes back to the first', async () => {
    // initialDuration 0: a failed member is ready again at once
    const quick = '<suspendOnFailure><initialDuration>0</initialDuration></suspendOnFailure>';
    const xml = (dynamic: string) => `<endpoint><failover ${dynamic}>${leaf('a', quick)}${leaf('b', quick)}</failover></endpoint>`;
    for (const [attr, expected] of [['dynamic="false"', [0, 2, 0]], ['', [1, 1, 0]]] as const) {
      for (const n of names) backends[n].requests.length = 0;
      const group = endpoint(xml(attr), urls);
      await backends.a.set({ kind: 'down' });
      await group.send(message(1), ctx);
      await backends.a.set({ kind: 'ok' });
      await group.send(message(2), ctx);
      assert.deepEqual(count(), expected, attr || 'dynamic');
    }
  });

  test('load balance: round robin over the members in order', async () => {
    const group = endpoint(`<endpoint name="LB"><loadbalance algorithm="org.apache.synapse.endpoints.algorithms.RoundRobin">${leaf('a')}${leaf('b')}${leaf('c')}</loadbalance></endpoint>`, urls);
    for (let i = 0; i < 6; i++) await group.send(message(i), ctx);
    assert.deepEqual(count(), [2, 2, 2]);
    assert.deepEqual(backends.a.requests.map((r) => JSON.parse(r.body).n), [0, 3]);
    assert.deepEqual(backends.c.requests.map((r) => JSON.parse(r.body).n), [2, 5]);
  });

  test('load balance fails over to the next member and then skips the suspended one', async () => {
    await backends.b.set({ kind: 'down' });
    const group = endpoint(`<endpoint name="LB"><loadbalance>${leaf('a')}${leaf('b')}${leaf('c')}</loadbalance></endpoint>`, urls);
    for (let i = 0; i < 4; i++) await group.send(message(i), ctx);
    assert.deepEqual(backends.a.requests.map((r) => JSON.parse(r.body).n), [0, 2]);
    assert.deepEqual(backends.c.requests.map((r) => JSON.parse(r.body).n), [1, 3]);
  });

  test('load balance failover="false" hands the member failure to the caller', async () => {
    await backends.a.set({ kind: 'down' });
    const group = endpoint(`<endpoint name="LB"><loadbalance failover="false">${leaf('a')}${leaf('b')}</loadbalance></endpoint>`, urls);
    await assert.rejects(group.send(message(1), ctx), faultWith(101503));
    assert.deepEqual(count(), [0, 0, 0]);
    await group.send(message(2), ctx);
    assert.deepEqual(count(), [0, 1, 0]);
  });

  test('weighted round robin sends loadbalance.weight messages in a row to each member', async () => {
    const weighted = (k: string, w: number) => `<endpoint><http method="post" uri-template="{${k}}/${k}"/><property name="loadbalance.weight" value="${w}"/></endpoint>`;
    const group = endpoint(
      `<endpoint><loadbalance algorithm="org.apache.synapse.endpoints.algorithms.WeightedRoundRobin">${weighted('a', 2)}${weighted('b', 1)}</loadbalance></endpoint>`,
      urls,
    );
    for (let i = 0; i < 6; i++) await group.send(message(i), ctx);
    assert.deepEqual(backends.a.requests.map((r) => JSON.parse(r.body).n), [0, 1, 3, 4]);
    assert.deepEqual(backends.b.requests.map((r) => JSON.parse(r.body).n), [2, 5]);
  });

  test('groups nest and key members resolve to deployed endpoints, sharing their suspension state', async () => {
    await backends.a.set({ kind: 'down' });
    await backends.b.set({ kind: 'reset' });
    const named = new Map<string, Endpoint>([
      ['A', endpoint(`<endpoint name="A"><http method="post" uri-template="{a}/a"/></endpoint>`, urls)],
      ['C', endpoint(`<endpoint name="C"><http method="post" uri-template="{c}/c"/></endpoint>`, urls)],
    ]);
    const withKeys = { ...ctx, endpoints: named };
    const group = endpoint(`<endpoint name="OUTER"><failover><endpoint><loadbalance><endpoint key="A"/>${leaf('b')}</loadbalance></endpoint><endpoint key="C"/></failover></endpoint>`, urls);
    await group.send(message(1), withKeys);
    assert.deepEqual(count(), [0, 1, 1]);
    assert.equal(named.get('A')!.ready(withKeys), false, 'the named endpoint itself is suspended');
    await assert.rejects(endpoint('<endpoint><failover><endpoint key="Missing"/></failover></endpoint>', urls).send(message(2), withKeys), (e: unknown) => e instanceof MediationFault && e.code === 'CONDUIT_REFERENCE_UNRESOLVED');
  });

  test('a group that contains itself ends with a reference fault, not a hang', async () => {
    const named = new Map<string, Endpoint>();
    named.set('SELF', endpoint(`<endpoint name="SELF"><failover><endpoint key="SELF"/></failover></endpoint>`, urls));
    await assert.rejects(named.get('SELF')!.send(message(1), { ...ctx, endpoints: named }), (e: unknown) => e instanceof MediationFault && e.code === 'CONDUIT_REFERENCE_UNRESOLVED');
  });
});
