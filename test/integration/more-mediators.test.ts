/**
 * Mediators of everyday MI projects against a real back end that counts what reaches it: a cached GET
 * served from memory until its entry expires.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { NS, projectFromXml } from '../helpers/project-from-xml';

/** Answers every request with how many requests it has seen, counting per path. */
class CountingBackend {
  readonly counts = new Map<string, number>();
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const n = (this.counts.get(req.url ?? '') ?? 0) + 1;
        this.counts.set(req.url ?? '', n);
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Served': String(n) }).end(JSON.stringify({ path: req.url, n }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function project(backend: string) {
  return projectFromXml({
    'apis/Catalog.xml': `<api name="Catalog" context="/catalog" ${NS}>
      <resource methods="GET" uri-template="/items/{id}">
        <inSequence>
          <cache collector="false" timeout="1" maxMessageSize="2000">
            <onCacheHit/>
            <protocol type="HTTP">
              <methods>GET,POST</methods>
              <headersToExcludeInHash>*</headersToExcludeInHash>
              <responseCodes>2[0-9][0-9]</responseCodes>
              <hashGenerator>org.wso2.carbon.mediator.cache.digest.HttpRequestHashGenerator</hashGenerator>
            </protocol>
            <implementation maxSize="100"/>
          </cache>
          <call><endpoint><http method="get" uri-template="${backend}/items/{uri.var.id}"/></endpoint></call>
          <property name="RESPONSE" value="true"/>
          <cache collector="true"/>
          <respond/>
        </inSequence>
      </resource>
    </api>`,
  });
}

describe('more mediators against a counting back end', () => {
  const backend = new CountingBackend();
  let rt: Runtime;

  before(async () => {
    await backend.start();
    rt = createRuntime({ port: 0, logger: new MemoryLogger() });
    const report = await rt.deploy(project(backend.url));
    assert.deepEqual(report.failed, []);
  });

  after(async () => {
    await rt.stop();
    await backend.close();
  });

  test('a cached GET is served from the cache the second time and from the back end again once its entry expired', { timeout: 20_000 }, async () => {
    const get = async () => {
      const res = await rt.inject({ url: '/catalog/items/7' });
      assert.equal(res.status, 200);
      const served = Object.entries(res.headers).find(([k]) => k.toLowerCase() === 'x-served')?.[1];
      return { n: (res.json() as { n: number }).n, served };
    };
    assert.deepEqual(await get(), { n: 1, served: '1' });
    assert.deepEqual(await get(), { n: 1, served: '1' }, 'the second answer comes from the cache, headers included');
    assert.equal(backend.counts.get('/items/7'), 1);
    // The entry lives one second from the first request; until then every answer is the cached one.
    let answer = await get();
    while (answer.n === 1) {
      assert.equal(backend.counts.get('/items/7'), 1);
      await new Promise((r) => setTimeout(r, 50));
      answer = await get();
    }
    assert.deepEqual(answer, { n: 2, served: '2' });
    assert.equal(backend.counts.get('/items/7'), 2);
    assert.deepEqual(await get(), { n: 2, served: '2' }, 'the new answer is cached in turn');
  });
});
