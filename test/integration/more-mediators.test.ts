/**
 * Mediators of everyday MI projects against a real back end that counts what reaches it: a cached GET
 * served from memory until its entry expires; a throttle refusing the request past its count, and one
 * refusing a second request while the first is still in flight; a callout to a SOAP service whose
 * answer becomes the body.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { HoldingBackend } from '../helpers/holding-backend';
import { NS, projectFromXml } from '../helpers/project-from-xml';

/**
 * Answers every request with how many requests it has seen, counting per path; a request for `/held`
 * waits until the test releases it; `/soap` answers a SOAP quote and keeps what it was sent.
 */
class CountingBackend extends HoldingBackend {
  readonly counts = new Map<string, number>();
  readonly soapRequests: Array<{ action: string; contentType: string; body: string }> = [];

  protected handle(req: IncomingMessage, body: string, res: ServerResponse, hold: (answer: () => void) => void): void {
    const n = (this.counts.get(req.url ?? '') ?? 0) + 1;
    this.counts.set(req.url ?? '', n);
    const answer = () => res.writeHead(200, { 'Content-Type': 'application/json', 'X-Served': String(n) }).end(JSON.stringify({ path: req.url, n }));
    if (req.url === '/soap') {
      this.soapRequests.push({ action: String(req.headers.soapaction ?? ''), contentType: String(req.headers['content-type'] ?? ''), body });
      const envelope = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><m:quote xmlns:m="urn:q"><price>42</price></m:quote></soapenv:Body></soapenv:Envelope>`;
      res.writeHead(200, { 'Content-Type': 'text/xml' }).end(envelope);
    } else if (req.url === '/held') hold(answer);
    else answer();
  }
}

const WSP = 'xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:throttle="http://www.wso2.org/products/wso2commons/throttle"';

/** A throttled resource calling `path` on the back end; refused requests get 429 from onReject. */
function throttled(uri: string, backend: string, path: string, assertion: string): string {
  return `<resource methods="GET" uri-template="${uri}">
        <inSequence>
          <throttle id="${uri}">
            <policy><wsp:Policy ${WSP}><throttle:ThrottleAssertion>${assertion}</throttle:ThrottleAssertion></wsp:Policy></policy>
            <onAccept><call><endpoint><http method="get" uri-template="${backend}${path}"/></endpoint></call><respond/></onAccept>
            <onReject>
              <payloadFactory media-type="json"><format>{"error":"throttled"}</format><args/></payloadFactory>
              <property name="HTTP_SC" value="429" scope="axis2"/><respond/>
            </onReject>
          </throttle>
        </inSequence>
      </resource>`;
}

function project(backend: string) {
  return projectFromXml({
    'apis/Limited.xml': `<api name="Limited" context="/limited" ${NS}>
      ${throttled(
        '/rate',
        backend,
        '/rate',
        `<wsp:All><throttle:ID throttle:type="IP">other</throttle:ID><wsp:ExactlyOne><wsp:All>
          <throttle:MaximumCount>2</throttle:MaximumCount><throttle:UnitTime>600000</throttle:UnitTime>
        </wsp:All><throttle:IsAllowed>true</throttle:IsAllowed></wsp:ExactlyOne></wsp:All>`,
      )}
      <resource methods="POST" uri-template="/quote">
        <inSequence>
          <callout serviceURL="${backend}/soap" action="urn:getQuote"><source xpath="$body/*[1]"/><target xpath="$body/*[1]"/></callout>
          <respond/>
        </inSequence>
      </resource>
      <resource methods="POST" uri-template="/quote-down">
        <inSequence>
          <callout serviceURL="http://127.0.0.1:1/soap" action="urn:getQuote"><source xpath="$body/getQuote/symbol"/><target key="quote"/></callout>
          <respond/>
        </inSequence>
        <faultSequence>
          <payloadFactory media-type="json"><format>{"code":"$1","body":"$2"}</format>
            <args><arg expression="get-property('ERROR_CODE')"/><arg expression="local-name($body/*[1])"/></args></payloadFactory>
          <property name="HTTP_SC" value="502" scope="axis2"/><respond/>
        </faultSequence>
      </resource>
      ${throttled('/one-at-a-time', backend, '/held', '<throttle:MaximumConcurrentAccess>1</throttle:MaximumConcurrentAccess>')}
    </api>`,
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

  test('a throttle lets MaximumCount requests through in its unit of time and answers the next from onReject', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await rt.inject({ url: '/limited/rate' })).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    assert.equal(backend.counts.get('/rate'), 2);
    const refused = await rt.inject({ url: '/limited/rate' });
    assert.deepEqual([refused.status, refused.json()], [429, { error: 'throttled' }]);
    assert.equal(backend.counts.get('/rate'), 2);
  });

  test('MaximumConcurrentAccess refuses a request while the accepted one is in flight and takes one again once it is answered', { timeout: 20_000 }, async () => {
    const first = rt.inject({ url: '/limited/one-at-a-time' });
    await backend.waitForHeld(1);
    assert.equal((await rt.inject({ url: '/limited/one-at-a-time' })).status, 429);
    backend.release();
    assert.equal((await first).status, 200);
    const third = rt.inject({ url: '/limited/one-at-a-time' });
    await backend.waitForHeld(1);
    backend.release();
    assert.equal((await third).status, 200);
    assert.equal(backend.counts.get('/held'), 2);
  });

  test('a callout sends the source element as SOAP 1.1 with its action and puts the answer in the body', async () => {
    const res = await rt.inject({ method: 'POST', url: '/limited/quote', headers: { 'Content-Type': 'application/xml' }, body: '<getQuote><symbol>IBM</symbol></getQuote>' });
    assert.equal(res.status, 200);
    assert.equal(res.text, '<m:quote xmlns:m="urn:q"><price>42</price></m:quote>');
    assert.match(res.headers['Content-Type'] ?? res.headers['content-type'] ?? '', /^application\/xml/);
    const [sent] = backend.soapRequests;
    assert.equal(sent.action, 'urn:getQuote');
    assert.match(sent.contentType, /^text\/xml/);
    assert.match(sent.body, /<soapenv:Envelope [^>]*><soapenv:Body><getQuote><symbol>IBM<\/symbol><\/getQuote><\/soapenv:Body><\/soapenv:Envelope>/);
  });

  test('a callout whose service refuses the connection faults with the message as it was before the callout', async () => {
    const res = await rt.inject({ method: 'POST', url: '/limited/quote-down', headers: { 'Content-Type': 'application/xml' }, body: '<getQuote><symbol>IBM</symbol></getQuote>' });
    assert.deepEqual([res.status, res.json()], [502, { code: '101503', body: 'getQuote' }]);
  });
});
