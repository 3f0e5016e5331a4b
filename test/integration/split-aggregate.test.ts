import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { HoldingBackend } from '../helpers/holding-backend';
import { NS, projectFromXml } from '../helpers/project-from-xml';

/**
 * A price service: a JSON `{"id":N}` gets `{"id":N,"price":N*10}`, an XML `<item><id>N</id></item>`
 * gets `<price><id>N</id><amount>N*10</amount></price>`; GET /source/x answers `{"source":"x"}`. A
 * request for an id in `holding` waits until the test releases it; one for id 13 has its connection reset.
 */
class PriceService extends HoldingBackend {
  readonly requests: Array<{ method: string; url: string; body: string }> = [];
  readonly holding = new Set<number>();

  protected handle(req: IncomingMessage, body: string, res: ServerResponse, hold: (answer: () => void) => void): void {
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', body });
    const source = /^\/source\/(\w+)$/.exec(req.url ?? '');
    if (source) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ source: source[1] }));
    const xml = body.trim().startsWith('<');
    const id = Number(xml ? /<id>(\d+)<\/id>/.exec(body)?.[1] : (JSON.parse(body) as { id: number }).id);
    const answer = () =>
      xml
        ? res.writeHead(200, { 'Content-Type': 'application/xml' }).end(`<price><id>${id}</id><amount>${id * 10}</amount></price>`)
        : res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id, price: id * 10 }));
    if (id === 13) req.socket.destroy();
    else if (this.holding.has(id)) hold(answer);
    else answer();
  }
}

function project(backend: string) {
  const call = (path: string) => `<call><endpoint><http method="post" uri-template="${backend}${path}"/></endpoint></call>`;
  return projectFromXml({
    'apis/Shop.xml': `<api name="Shop" context="/shop" ${NS}>
      <resource methods="POST" uri-template="/json">
        <inSequence>
          <iterate expression="json-eval($.items)" id="items">
            <target><sequence>${call('/price')}</sequence></target>
          </iterate>
          <aggregate id="items">
            <completeCondition><messageCount min="-1" max="-1"/></completeCondition>
            <onComplete expression="json-eval($)"><respond/></onComplete>
          </aggregate>
        </inSequence>
      </resource>
      <resource methods="POST" uri-template="/xml">
        <inSequence>
          <property name="wrapper"><prices xmlns=""/></property>
          <iterate expression="//item">
            <target><sequence>${call('/price')}</sequence></target>
          </iterate>
          <aggregate>
            <onComplete expression="//price" enclosingElementProperty="wrapper"><respond/></onComplete>
          </aggregate>
        </inSequence>
      </resource>
      <resource methods="POST" uri-template="/partial">
        <inSequence>
          <iterate expression="json-eval($.items)">
            <target><sequence>${call('/price')}</sequence></target>
          </iterate>
          <aggregate>
            <completeCondition timeout="1"/>
            <onComplete expression="json-eval($)"><respond/></onComplete>
          </aggregate>
        </inSequence>
      </resource>
      <resource methods="GET" uri-template="/sources">
        <inSequence>
          <clone id="both">
            <target><sequence><call><endpoint><http method="get" uri-template="${backend}/source/a"/></endpoint></call></sequence></target>
            <target><sequence><call><endpoint><http method="get" uri-template="${backend}/source/b"/></endpoint></call></sequence></target>
          </clone>
          <aggregate id="both">
            <onComplete expression="json-eval($.source)"><respond/></onComplete>
          </aggregate>
        </inSequence>
      </resource>
      <resource methods="POST" uri-template="/classic">
        <inSequence>
          <iterate expression="json-eval($.items)">
            <target><sequence><send><endpoint><http method="post" uri-template="${backend}/price"/></endpoint></send></sequence></target>
          </iterate>
        </inSequence>
        <outSequence>
          <aggregate><onComplete expression="json-eval($.price)"><send/></onComplete></aggregate>
        </outSequence>
      </resource>
      <resource methods="POST" uri-template="/receipt">
        <inSequence>
          <foreach expression="json-eval($.items)">
            <sequence>
              <payloadFactory media-type="json"><format>{"line":"$1 x$2"}</format>
                <args><arg evaluator="json" expression="$.name"/><arg evaluator="json" expression="$.count"/></args></payloadFactory>
            </sequence>
          </foreach>
          <respond/>
        </inSequence>
      </resource>
    </api>`,
  });
}

describe('iterate and aggregate through the runtime with a real back end', () => {
  const backend = new PriceService();
  const logger = new MemoryLogger('DEBUG');
  let rt: Runtime;

  before(async () => {
    await backend.start();
    rt = createRuntime({ port: 0, logger });
    const report = await rt.deploy(project(backend.url));
    assert.deepEqual(report.failed, []);
  });
  after(async () => {
    await rt.stop();
    await backend.close();
  });

  test('a JSON list: one back-end call per element, the answers aggregated into one JSON array', async () => {
    const before = backend.requests.length;
    const res = await rt.inject({ method: 'POST', url: '/shop/json', body: { items: [{ id: 1 }, { id: 2 }, { id: 3 }] } });
    assert.equal(res.status, 200);
    const calls = backend.requests.slice(before);
    assert.deepEqual(calls.map((r) => JSON.parse(r.body).id).sort(), [1, 2, 3]);
    const prices = (res.json() as Array<{ id: number; price: number }>).sort((a, b) => a.id - b.id);
    assert.deepEqual(prices, [
      { id: 1, price: 10 },
      { id: 2, price: 20 },
      { id: 3, price: 30 },
    ]);
  });

  test('an XML list: each <item> is sent on its own and the <price> answers are enclosed in the property element', async () => {
    const before = backend.requests.length;
    const res = await rt.inject({
      method: 'POST',
      url: '/shop/xml',
      headers: { 'Content-Type': 'application/xml' },
      body: '<order><item><id>4</id></item><item><id>5</id></item></order>',
    });
    assert.equal(res.status, 200);
    const calls = backend.requests.slice(before).map((r) => r.body).sort();
    assert.deepEqual(calls, ['<item><id>4</id></item>', '<item><id>5</id></item>']);
    const prices = [...res.text.matchAll(/<price><id>(\d)<\/id><amount>(\d+)<\/amount><\/price>/g)].map((m) => `${m[1]}:${m[2]}`).sort();
    assert.match(res.text, /^<prices>.*<\/prices>$/);
    assert.deepEqual(prices, ['4:40', '5:50']);
  });

  test('clone: each target calls its own back end and the two answers are aggregated', async () => {
    const before = backend.requests.length;
    const res = await rt.inject({ url: '/shop/sources' });
    assert.equal(res.status, 200);
    assert.deepEqual(backend.requests.slice(before).map((r) => r.url).sort(), ['/source/a', '/source/b']);
    assert.deepEqual((res.json() as string[]).sort(), ['a', 'b']);
  });

  test('the classic form: each part is sent, and the aggregate in the out sequence answers with the gathered prices', async () => {
    const before = backend.requests.length;
    const res = await rt.inject({ method: 'POST', url: '/shop/classic', body: { items: [{ id: 2 }, { id: 6 }] } });
    assert.equal(res.status, 200);
    assert.equal(backend.requests.length - before, 2);
    assert.deepEqual((res.json() as number[]).sort((a, b) => a - b), [20, 60]);
  });

  test('foreach transforms each element of a list in place and the request answers with the whole list', async () => {
    const before = backend.requests.length;
    const res = await rt.inject({ method: 'POST', url: '/shop/receipt', body: { customer: 'c1', items: [{ name: 'pen', count: 2 }, { name: 'ink', count: 1 }] } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { customer: 'c1', items: [{ line: 'pen x2' }, { line: 'ink x1' }] });
    assert.equal(backend.requests.length, before, 'foreach calls no back end');
  });

  test('a part whose back end resets the connection faults alone; the aggregate without a timeout completes with the others', async () => {
    const res = await rt.inject({ method: 'POST', url: '/shop/json', body: { items: [{ id: 11 }, { id: 13 }, { id: 12 }] } });
    assert.equal(res.status, 200);
    assert.deepEqual((res.json() as Array<{ id: number }>).map((p) => p.id).sort(), [11, 12]);
    assert.ok(logger.records.some((r) => r.level === 'WARN' && /has 2 message\(s\) and nothing else can arrive/.test(r.message)));
  });

  test('the timeout completes the aggregation with the answers that came; the late one is dropped', async () => {
    backend.holding.add(9);
    try {
      const before = backend.requests.length;
      const res = await rt.inject({ method: 'POST', url: '/shop/partial', body: { items: [{ id: 7 }, { id: 8 }, { id: 9 }] } });
      assert.equal(res.status, 200);
      assert.deepEqual((res.json() as Array<{ id: number }>).map((p) => p.id).sort(), [7, 8]);
      assert.equal(backend.requests.length - before, 3);
      assert.ok(logger.records.some((r) => r.level === 'WARN' && /Aggregate mediator timeout occurred/.test(r.message)));
      await backend.waitForHeld(1);
      backend.release();
      // The late answer reaches the completed aggregation and goes no further.
      while (!logger.records.some((r) => /Received a response for already completed Aggregate/.test(r.message))) await new Promise((r) => setImmediate(r));
    } finally {
      backend.holding.delete(9);
      backend.release();
    }
  });
});
