import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { readArtifact } from '../../src/model/artifacts';
import { loadProject } from '../../src/model/project';
import type { Project } from '../../src/model/types';
import { validateProject } from '../../src/model/validate/validate';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const GET_QUOTE = `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><m:getQuote xmlns:m="http://services.samples"><m:symbol>IBM</m:symbol></m:getQuote></soapenv:Body></soapenv:Envelope>`;

/** The project's back ends as its endpoints name them; the tests point them at local servers. */
const BACKEND = 'http://localhost:9000';
const DOWN = 'http://localhost:9001';

/** An Integration Studio ESB config module, as older projects hold their proxies. */
const FILES: Record<string, string> = {
  'proxy-services/PassThrough.xml': `<?xml version="1.0" encoding="UTF-8"?>
<proxy name="PassThrough" startOnLoad="true" transports="http https" ${NS}>
  <target>
    <endpoint name="endpoint_urn_uuid_1"><address uri="${BACKEND}/services/SimpleStockQuoteService"/></endpoint>
    <inSequence/>
    <outSequence><send/></outSequence>
    <faultSequence/>
  </target>
</proxy>`,
  'proxy-services/Transform.xml': `<proxy name="Transform" transports="http" ${NS}>
  <target endpoint="QuoteEp">
    <inSequence>
      <payloadFactory media-type="xml"><format><getQuote xmlns=""><symbol>$1</symbol></getQuote></format>
        <args><arg evaluator="json" expression="$.symbol"/></args></payloadFactory>
    </inSequence>
    <outSequence>
      <payloadFactory media-type="json"><format>{"symbol": "$1", "price": $2}</format>
        <args><arg evaluator="xml" expression="//symbol"/><arg evaluator="xml" expression="//price"/></args></payloadFactory>
      <send/>
    </outSequence>
  </target>
</proxy>`,
  'proxy-services/Responder.xml': `<proxy name="Responder" ${NS}>
  <target endpoint="QuoteEp">
    <inSequence>
      <payloadFactory media-type="json"><format>{"answeredBy": "inSequence", "version": 1}</format><args/></payloadFactory>
      <respond/>
    </inSequence>
  </target>
</proxy>`,
  'proxy-services/Faulty.xml': `<proxy name="Faulty" ${NS}>
  <target faultSequence="QuoteFault">
    <inSequence><log level="custom"><property name="step" value="before the down back end"/></log></inSequence>
    <endpoint><address uri="${DOWN}/quote"/></endpoint>
  </target>
</proxy>`,
  'proxy-services/Stopped.xml': `<proxy name="Stopped" startOnLoad="false" ${NS}>
  <target endpoint="QuoteEp"/>
</proxy>`,
  'proxy-services/com.example.Echo.xml': `<proxy name="com.example.Echo" ${NS}>
  <target>
    <inSequence><property name="HTTP_SC" value="200" scope="axis2"/><respond/></inSequence>
  </target>
  <publishWSDL><wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" name="Echo" targetNamespace="urn:echo"/></publishWSDL>
</proxy>`,
  'proxy-services/TaskTarget.xml': `<proxy name="TaskTarget" ${NS}>
  <target>
    <inSequence><log level="custom"><property name="city" expression="//city"/></log></inSequence>
    <endpoint><http method="post" uri-template="${BACKEND}/task"/></endpoint>
    <outSequence><drop/></outSequence>
  </target>
</proxy>`,
  'endpoints/QuoteEp.xml': `<endpoint name="QuoteEp" ${NS}><address uri="${BACKEND}/quote"/></endpoint>`,
  'sequences/QuoteFault.xml': `<sequence name="QuoteFault" ${NS}>
  <payloadFactory media-type="json"><format>{"fault": "$1"}</format><args><arg evaluator="xml" expression="$ctx:ERROR_CODE"/></args></payloadFactory>
  <property name="HTTP_SC" value="503" scope="axis2"/>
  <respond/>
</sequence>`,
  'tasks/InjectIntoProxy.xml': `<task class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz" name="InjectIntoProxy" ${NS}>
  <trigger count="1" interval="1"/>
  <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="injectTo" value="proxy"/>
  <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="proxyName" value="TaskTarget"/>
  <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="format" value="pox"/>
  <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="message"><request xmlns=""><city>London</city></request></property>
</task>`,
  // APIs are dispatched by their context, proxies under /services: neither takes the other's requests.
  'api/Services.xml': `<api name="Services" context="/services" ${NS}>
  <resource methods="GET" url-mapping="/*"><inSequence><payloadFactory media-type="json"><format>{"api": "Services"}</format><args/></payloadFactory><respond/></inSequence></resource>
</api>`,
};

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let backend: Server;
let backendUrl: string;
let downUrl: string;
const received: Received[] = [];
let root: string;
let project: Project;

before(async () => {
  backend = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url?.startsWith('/services/SimpleStockQuoteService')) {
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=UTF-8', 'X-Backend': 'stockquote' });
        res.end('<ns:getQuoteResponse xmlns:ns="http://services.samples"><ns:return><ns:last>42.5</ns:last></ns:return></ns:getQuoteResponse>');
      } else if (req.url === '/quote') {
        const symbol = /<symbol>([^<]*)<\/symbol>/.exec(body)?.[1] ?? '?';
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        res.end(`<quote><symbol>${symbol}</symbol><price>42.5</price></quote>`);
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"ok":true}');
      }
    });
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  // A port nothing listens on: connections to it are refused.
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  downUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((r) => closed.close(() => r()));

  root = mkdtempSync(join(tmpdir(), 'conduit-proxies-'));
  writeFileSync(join(root, 'pom.xml'), '<project><artifactId>Proxies</artifactId><version>1.0.0</version><modules><module>ProxiesConfigs</module></modules></project>');
  for (const [path, text] of Object.entries(FILES)) {
    const file = join(root, 'ProxiesConfigs', 'src', 'main', 'synapse-config', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  project = await loadProject(root);
});

after(async () => {
  await new Promise<void>((r) => backend.close(() => r()));
  rmSync(root, { recursive: true, force: true });
});

const to = (path: string) => received.filter((r) => r.url.startsWith(path));

async function running(): Promise<{ rt: Runtime; logger: MemoryLogger }> {
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0, endpointOverrides: { [BACKEND]: backendUrl, [DOWN]: downUrl } });
  const report = await rt.deploy(project);
  assert.deepEqual(report.failed, []);
  await rt.start();
  return { rt, logger };
}

test('the project validates clean and every proxy deploys with MI’s log lines', async () => {
  assert.equal(project.layout, 'integration-studio');
  assert.deepEqual(validateProject(project).filter((p) => p.severity === 'error'), []);
  const { rt, logger } = await running();
  try {
    const file = join(root, 'ProxiesConfigs', 'src', 'main', 'synapse-config', 'proxy-services', 'PassThrough.xml');
    assert.ok(logger.lines().some((l) => l.includes(`{ProxyServiceDeployer} - ProxyService named 'PassThrough' has been deployed from file : ${file}`)));
    assert.ok(logger.lines().some((l) => l.includes('{ProxyService} - {proxy:PassThrough} Successfully created the Axis2 service for Proxy service : PassThrough')));
    assert.ok(logger.lines().some((l) => l.includes('{ProxyService} - Stopped the proxy service : Stopped')));
    assert.ok(logger.lines().some((l) => l.includes(`Proxy service PassThrough is available at ${rt.url}/services/PassThrough`)));
  } finally {
    await rt.stop();
  }
});

test('a pass-through proxy relays a SOAP request over the listener to its target endpoint and the answer back', async () => {
  const { rt } = await running();
  try {
    const before = to('/services/SimpleStockQuoteService').length;
    const res = await fetch(`${rt.url}/services/PassThrough`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: 'urn:getQuote' },
      body: GET_QUOTE,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-backend'), 'stockquote');
    assert.match(res.headers.get('content-type') ?? '', /^text\/xml/);
    assert.match(await res.text(), new RegExp(`^<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><ns:getQuoteResponse [^>]*><ns:return><ns:last>42.5</ns:last>`));
    const got = to('/services/SimpleStockQuoteService').slice(before);
    assert.equal(got.length, 1);
    assert.equal(got[0].method, 'POST');
    // A SOAP back end gets a SOAP message: the body in a SOAP 1.1 envelope, as MI's formatter writes it.
    assert.match(got[0].body, new RegExp(`^<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><m:getQuote [^>]*><m:symbol>IBM</m:symbol></m:getQuote></soapenv:Body></soapenv:Envelope>$`));
    assert.match(String(got[0].headers['content-type']), /^text\/xml/);

    // The rest of the URL after the service name, query included, follows to the address endpoint; any method.
    const sub = await rt.inject({ method: 'GET', url: '/services/PassThrough/extra/path?symbol=IBM&x=1' });
    assert.equal(sub.status, 200);
    assert.equal(to('/services/SimpleStockQuoteService').at(-1)?.url, '/services/SimpleStockQuoteService/extra/path?symbol=IBM&x=1');
    assert.equal(to('/services/SimpleStockQuoteService').at(-1)?.method, 'GET');

    // Axis2's endpoint names of the service reach it too.
    const soap11 = await rt.inject({ method: 'POST', url: '/services/PassThrough.PassThroughHttpSoap11Endpoint', headers: { 'Content-Type': 'text/xml' }, body: GET_QUOTE });
    assert.equal(soap11.status, 200);
  } finally {
    await rt.stop();
  }
});

test('the inSequence transforms the request for the target endpoint and the outSequence the answer', async () => {
  const { rt } = await running();
  try {
    const before = to('/quote').length;
    const res = await rt.inject({ method: 'POST', url: '/services/Transform', body: { symbol: 'WSO2' } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { symbol: 'WSO2', price: 42.5 });
    const got = to('/quote').slice(before);
    assert.equal(got.length, 1, 'sent once, after the inSequence ran to its end');
    assert.match(got[0].body, /^<getQuote( xmlns="")?><symbol>WSO2<\/symbol><\/getQuote>$/);
  } finally {
    await rt.stop();
  }
});

test('an inSequence that responds itself keeps the message from the target endpoint', async () => {
  const { rt } = await running();
  try {
    const before = to('/quote').length;
    const res = await rt.inject({ method: 'POST', url: '/services/Responder', body: { symbol: 'IBM' } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { answeredBy: 'inSequence', version: 1 });
    assert.equal(to('/quote').length, before);
  } finally {
    await rt.stop();
  }
});

test('a back end that refuses the connection faults into the proxy’s faultSequence', async () => {
  const { rt, logger } = await running();
  try {
    const res = await rt.inject({ method: 'POST', url: '/services/Faulty', body: { symbol: 'IBM' } });
    assert.equal(res.status, 503);
    assert.deepEqual(res.json(), { fault: '101503' });
    assert.ok(logger.lines().some((l) => l.includes('{LogMediator} - {proxy:Faulty} step = before the down back end')));
    assert.ok(logger.lines().some((l) => l.includes('{proxy:Faulty} CONDUIT_ENDPOINT_UNREACHABLE')), 'the fault is logged with the proxy prefix');
  } finally {
    await rt.stop();
  }
});

test('a proxy with startOnLoad="false" is deployed but not served; names with dots and ?wsdl', async () => {
  const { rt } = await running();
  try {
    assert.equal((await rt.inject({ method: 'POST', url: '/services/Stopped', body: { a: 1 } })).status, 404);
    assert.equal((await rt.inject({ method: 'POST', url: '/services/com.example.Echo', body: { a: 1 } })).status, 200);
    const wsdl = await rt.inject({ url: '/services/com.example.Echo?wsdl' });
    assert.equal(wsdl.status, 200);
    assert.match(wsdl.text, /<wsdl:definitions [^>]*name="Echo"/);
    const none = await rt.inject({ url: '/services/PassThrough?wsdl' });
    assert.equal(none.status, 501);
    assert.equal(none.json().error.code, 'CONDUIT_UNSUPPORTED');
    // A path under /services that is no proxy is left to the APIs.
    assert.deepEqual((await rt.inject({ url: '/services/NoSuchProxy' })).json(), { api: 'Services' });
  } finally {
    await rt.stop();
  }
});

test('a proxy is redeployed and undeployed while the runtime runs', async () => {
  const { rt, logger } = await running();
  try {
    const file = project.artifacts.find((a) => a.kind === 'proxy' && a.name === 'Responder')!.file;
    const { artifact } = readArtifact(file, FILES['proxy-services/Responder.xml'].replace('"version": 1', '"version": 2'));
    assert.equal(await rt.redeploy(artifact!), undefined);
    assert.equal((await rt.inject({ method: 'POST', url: '/services/Responder', body: {} })).json().version, 2);

    const { artifact: broken } = readArtifact(file, `<proxy name="Responder" ${NS}><target><outSequence><send/></outSequence></target></proxy>`);
    const refused = await rt.redeploy(broken!);
    assert.match(refused?.message ?? '', /CONDUIT_ARTIFACT_INVALID .*either an inSequence or endpoint or both/);
    assert.equal((await rt.inject({ method: 'POST', url: '/services/Responder', body: {} })).json().version, 2, 'the version before keeps serving');

    await rt.undeploy('proxy', 'Responder');
    assert.ok(logger.lines().some((l) => l.includes("ProxyService named 'Responder' has been undeployed")));
    // The path is now left to the API with context /services, which takes only GET.
    assert.equal((await rt.inject({ method: 'POST', url: '/services/Responder', body: {} })).status, 405);
  } finally {
    await rt.stop();
  }
});

test('a scheduled task injects its message into the proxy’s in-flow and on to its target endpoint', async () => {
  const before = to('/task').length;
  const { rt, logger } = await running();
  try {
    for (const deadline = Date.now() + 15_000; to('/task').length === before; await sleep(20)) {
      if (Date.now() > deadline) throw new Error('the task sent nothing to the proxy’s endpoint');
    }
    const got = to('/task').slice(before);
    assert.equal(got.length, 1);
    assert.equal(got[0].body, '<request><city>London</city></request>');
    assert.ok(logger.lines().some((l) => l.includes('{LogMediator} - {proxy:TaskTarget} city = London')));
  } finally {
    await rt.stop();
  }
});
