/**
 * Failover and load-balance endpoints in the real runtime, against real back ends on ephemeral ports:
 * one that never listens, one answering 500, one destroying the socket, and healthy ones. The groups
 * are named artifacts used by call, send and a forwarding processor, as an MI project writes them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { createFaultyBackend, type FaultyBackend } from '../helpers/backends';
import { NS, projectFromXml, resourceAnsweringFaults as resource } from '../helpers/project-from-xml';

const FORWARDER = 'org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor';

const http = (url: string, path: string) => `<http method="post" uri-template="${url}/${path}"/>`;
const inline = (url: string, path: string) => `<endpoint>${http(url, path)}</endpoint>`;
const named = (name: string, body: string) => `<endpoint name="${name}" ${NS}>${body}</endpoint>`;
const group = (name: string, kind: string, members: string[], attrs = '') => named(name, `<${kind} ${attrs}>${members.join('')}</${kind}>`);

const call = (endpoint: string) => `<call><endpoint key="${endpoint}"/></call><respond/>`;

async function waitUntil(check: () => boolean | Promise<boolean>, ms: number, why: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${why()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('failover and load-balance endpoints in the runtime', () => {
  let down: FaultyBackend;
  let fiveHundred: FaultyBackend;
  let reset: FaultyBackend;
  let healthy: FaultyBackend[];
  let rt: Runtime;
  const logger = new MemoryLogger();

  before(async () => {
    down = await createFaultyBackend({ kind: 'down' });
    fiveHundred = await createFaultyBackend({ kind: 'error', status: 500 });
    reset = await createFaultyBackend({ kind: 'reset' });
    healthy = [await createFaultyBackend(), await createFaultyBackend(), await createFaultyBackend(), await createFaultyBackend()];
    const [h0, h1, h2, h3] = healthy.map((b) => b.url);
    rt = createRuntime({ logger, port: 0 });
    const report = await rt.deploy(
      projectFromXml({
        'endpoints/Down.xml': named('Down', http(down.url, 'down')),
        'endpoints/Healthy.xml': named('Healthy', http(h0, 'fo')),
        'endpoints/Ordered.xml': group('Ordered', 'failover', ['<endpoint key="Down"/>', inline(reset.url, 'reset'), '<endpoint key="Healthy"/>']),
        'endpoints/Answers500.xml': group('Answers500', 'failover', [inline(fiveHundred.url, '500'), inline(h0, 'after500')]),
        'endpoints/AllDown.xml': group('AllDown', 'failover', [inline(down.url, 'all-down'), inline(reset.url, 'all-reset')]),
        'endpoints/Balanced.xml': group('Balanced', 'loadbalance', [inline(h1, 'rr'), inline(h2, 'rr'), inline(h3, 'rr')], 'algorithm="org.apache.synapse.endpoints.algorithms.RoundRobin"'),
        'endpoints/BalancedFailover.xml': group('BalancedFailover', 'loadbalance', [inline(h1, 'lbf'), inline(down.url, 'lbf'), inline(h2, 'lbf')]),
        'endpoints/Forward.xml': group('Forward', 'failover', [inline(down.url, 'saf'), inline(h3, 'saf')]),
        'message-stores/Outbox.xml': `<messageStore name="Outbox" ${NS}/>`,
        'message-processors/Forwarder.xml': `<messageProcessor name="Forwarder" class="${FORWARDER}" messageStore="Outbox" targetEndpoint="Forward" ${NS}>
          <parameter name="interval">50</parameter>
          <parameter name="client.retry.interval">50</parameter>
        </messageProcessor>`,
        'apis/Groups.xml': `<api name="Groups" context="/g" ${NS}>
          ${resource('ordered', call('Ordered'))}
          ${resource('send', '<send><endpoint key="Ordered"/></send>')}
          ${resource('answers500', call('Answers500'))}
          ${resource('all-down', call('AllDown'))}
          ${resource('balanced', call('Balanced'))}
          ${resource('balanced-failover', call('BalancedFailover'))}
          ${resource('inline', `<call><endpoint><failover>${inline(down.url, 'inline')}${inline(h0, 'inline')}</failover></endpoint></call><respond/>`)}
          ${resource('outbox', '<property name="OUT_ONLY" value="true"/><store messageStore="Outbox"/><payloadFactory media-type="json"><format>{"stored":true}</format><args/></payloadFactory><respond/>')}
        </api>`,
      }),
    );
    assert.deepEqual(report.failed, []);
    await rt.start();
  });
  after(async () => {
    await rt.stop();
    for (const b of [down, fiveHundred, reset, ...healthy]) await b.close();
  });

  const post = (path: string, body: object) => rt.inject({ method: 'POST', url: `/g/${path}`, body });
  const paths = (b: FaultyBackend, prefix: string) => b.requests.filter((r) => r.url === prefix).map((r) => JSON.parse(r.body).n as number);

  test('failover tries members in order: refused, reset, then the healthy one answers; the failed ones are skipped while suspended', async () => {
    const first = await post('ordered', { n: 1 });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.json(), { n: 1 });
    assert.equal(reset.requests.filter((r) => r.url === '/reset').length, 1, 'the reset member was tried after the refused one');
    assert.deepEqual(paths(healthy[0], '/fo'), [1]);
    const lines = logger.lines().join('\n');
    assert.match(lines, /Endpoint \[Ordered\] Detect a Failure in a child endpoint : Endpoint \[Down\]/);
    assert.match(lines, /Endpoint \[Ordered\] Detect a Failure in a child endpoint : AnonymousEndpoint \(member 2\)/);
    assert.match(lines, /Suspending endpoint : Down/);

    const second = await post('send', { n: 2 });
    assert.equal(second.status, 200, second.text);
    assert.deepEqual(paths(healthy[0], '/fo'), [1, 2], 'send goes through the same group');
    assert.equal(reset.requests.filter((r) => r.url === '/reset').length, 1, 'a suspended member is not tried');
  });

  test('an HTTP 500 answer is passed back, not failed over', async () => {
    const res = await post('answers500', { n: 3 });
    assert.equal(res.status, 500);
    assert.deepEqual(paths(healthy[0], '/after500'), []);
  });

  test('every member down: the fault sequence sees the last member error and a log line names the group; then, all suspended, 303000 at once', async () => {
    const res = await post('all-down', { n: 4 });
    assert.equal(res.status, 502);
    const fault = res.json();
    assert.equal(fault.code, '101505', 'the last member (reset) decides ERROR_CODE, as in Synapse');
    assert.match(fault.message, /^Failover endpoint : AllDown - no ready child endpoints left after 2 failed/);
    assert.ok(logger.lines().some((l) => l.includes('WARN') && l.includes('Failover endpoint : AllDown - no ready child endpoints')));

    const resetCalls = reset.requests.length;
    const again = await post('all-down', { n: 5 });
    assert.equal(again.status, 502);
    assert.deepEqual(again.json(), { code: '303000', message: 'Failover endpoint : AllDown - no ready child endpoints' });
    assert.equal(reset.requests.length, resetCalls, 'nothing is sent while every member is suspended');
  });

  test('round robin spreads messages over the members in turn', async () => {
    for (let n = 0; n < 6; n++) assert.equal((await post('balanced', { n })).status, 200);
    assert.deepEqual(paths(healthy[1], '/rr'), [0, 3]);
    assert.deepEqual(paths(healthy[2], '/rr'), [1, 4]);
    assert.deepEqual(paths(healthy[3], '/rr'), [2, 5]);
  });

  test('load balance fails over past a dead member, then leaves it out while it is suspended', async () => {
    for (let n = 0; n < 4; n++) assert.equal((await post('balanced-failover', { n })).status, 200);
    assert.deepEqual(paths(healthy[1], '/lbf'), [0, 2]);
    assert.deepEqual(paths(healthy[2], '/lbf'), [1, 3]);
    assert.equal(logger.lines().filter((l) => l.includes('Endpoint [BalancedFailover] Detect a Failure')).length, 1);
  });

  test('an inline group in a call mediator fails over too', async () => {
    const res = await post('inline', { n: 7 });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(paths(healthy[0], '/inline'), [7]);
  });

  test('a forwarding processor whose first member is down delivers every stored message exactly once', async () => {
    const sent = [10, 11, 12, 13, 14, 15];
    for (const n of sent) assert.equal((await post('outbox', { n })).status, 200);
    await waitUntil(
      async () => paths(healthy[3], '/saf').length >= sent.length && (await rt.store('Outbox')!.size()) === 0,
      20_000,
      () => `delivered ${JSON.stringify(paths(healthy[3], '/saf'))}`,
    );
    assert.deepEqual(paths(healthy[3], '/saf').sort(), sent);
    assert.equal(down.requests.length, 0, 'the down member never listened');
    assert.ok(!logger.lines().some((l) => l.includes('CONDUIT_PROCESSOR_DEACTIVATED')));
  });
});
