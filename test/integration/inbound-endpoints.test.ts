import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { validateProject } from '../../src/model/validate/validate';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { createFaultyBackend, type FaultyBackend } from '../helpers/backends';
import { freePort } from '../helpers/broker';
import { NS, projectFromXml } from '../helpers/project-from-xml';
import { startRuntime } from '../helpers/runtime-process';

function inbound(name: string, attrs: string, params: Record<string, string>): string {
  const ps = Object.entries(params).map(([k, v]) => `<parameter name="${k}">${v}</parameter>`).join('');
  return `<inboundEndpoint ${NS} name="${name}" ${attrs}><parameters>${ps}</parameters></inboundEndpoint>`;
}

/** Answers `{"via": <label>, "inbound": inbound.endpoint.name}` with status 200. */
function answering(name: string, label: string): string {
  return `<sequence name="${name}" ${NS}>
  <log level="custom"><property name="where" value="${label}"/></log>
  <payloadFactory media-type="json"><format>{"via":"${label}","inbound":"$1"}</format><args><arg evaluator="xml" expression="get-property('inbound.endpoint.name')"/></args></payloadFactory>
  <respond/>
</sequence>`;
}

/** Calls the back end at `url`, then answers with what it said. */
function calling(name: string, url: string): string {
  return `<sequence name="${name}" ${NS}><call><endpoint><http method="post" uri-template="${url}"/></endpoint></call><respond/></sequence>`;
}

const ON_ERROR = `<sequence name="OnError" ${NS}>
  <payloadFactory media-type="json"><format>{"fault":"$1"}</format><args><arg evaluator="xml" expression="get-property('ERROR_CODE')"/></args></payloadFactory>
  <property name="HTTP_SC" value="502" scope="axis2"/>
  <respond/>
</sequence>`;

const API = `<api name="Hello" context="/hello" ${NS}><resource methods="GET"><inSequence>
  <payloadFactory media-type="json"><format>{"via":"api"}</format><args/></payloadFactory><respond/>
</inSequence></resource></api>`;

let backend: FaultyBackend;
before(async () => {
  backend = await createFaultyBackend();
});
after(() => backend.close());

async function running(files: Record<string, string>): Promise<{ rt: Runtime; logger: MemoryLogger; failed: string[] }> {
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0 });
  const report = await rt.deploy(projectFromXml(files));
  await rt.start();
  return { rt, logger, failed: report.failed.map((p) => p.message) };
}

/** Whether anything accepts a TCP connection on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
}

test('an HTTP inbound endpoint runs every request on its port through its sequence, which answers the client', async () => {
  const port = await freePort();
  const { rt, logger } = await running({
    'sequences/In.xml': answering('In', 'inbound'),
    'sequences/OnError.xml': ON_ERROR,
    'inbound-endpoints/I.xml': inbound('I', 'protocol="http" sequence="In" onError="OnError" suspend="false"', { 'inbound.http.port': String(port) }),
  });
  try {
    for (const path of ['/', '/any/path?x=1']) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { via: 'inbound', inbound: 'I' });
    }
    // the main listener does not serve the inbound endpoint's sequence
    assert.equal((await fetch(`${rt.url}/`)).status, 404);
    assert.ok(logger.lines().some((l) => l.includes("Inbound Endpoint named 'I' has been deployed from file : /virtual/project/inbound-endpoints/I.xml")));
    assert.ok(logger.lines().some((l) => l.includes(`Inbound endpoint I (http) is listening on http://127.0.0.1:${port}`)));
    assert.ok(logger.lines().some((l) => l.includes('{LogMediator} - {inboundendpoint:I} where = inbound')));
  } finally {
    await rt.stop();
  }
  assert.equal(await listening(port), false, 'the inbound port is closed after stop()');
});

test('a fault in the inbound sequence runs its onError sequence, a back-end call goes through', async () => {
  const port = await freePort();
  const dead = await freePort();
  const { rt } = await running({
    'sequences/Fails.xml': calling('Fails', `http://127.0.0.1:${dead}/down`),
    'sequences/Calls.xml': calling('Calls', `${backend.url}/inbound`),
    'sequences/OnError.xml': ON_ERROR,
    'inbound-endpoints/Bad.xml': inbound('Bad', 'protocol="http" sequence="Fails" onError="OnError"', { 'inbound.http.port': String(port) }),
  });
  try {
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    assert.equal(res.status, 502);
    assert.deepEqual(await res.json(), { fault: '101503' });

    // the same port, redeployed with a sequence that reaches a real back end
    const good = projectFromXml({ 'inbound-endpoints/Bad.xml': inbound('Bad', 'protocol="http" sequence="Calls" onError="OnError"', { 'inbound.http.port': String(port) }) });
    assert.equal(await rt.redeploy(good.artifacts[0]), undefined);
    const ok = await fetch(`http://127.0.0.1:${port}/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"order":7}' });
    assert.equal(ok.status, 200);
    const got = backend.requests.filter((r) => r.url === '/inbound');
    assert.equal(got.length, 1);
    assert.deepEqual(JSON.parse(got[0].body), { order: 7 });
  } finally {
    await rt.stop();
  }
});

test('with dispatch.filter.pattern, matching requests reach the APIs and the others the main sequence', async () => {
  const port = await freePort();
  const files = (p: number) => ({
    'apis/Hello.xml': API,
    'sequences/In.xml': answering('In', 'inbound'),
    'inbound-endpoints/D.xml': inbound('D', 'protocol="http" sequence="In"', { 'inbound.http.port': String(p), 'dispatch.filter.pattern': '/hello.*' }),
  });
  const { rt } = await running({ ...files(port), 'sequences/main.xml': answering('main', 'main') });
  try {
    const api = await fetch(`http://127.0.0.1:${port}/hello`);
    assert.equal(api.status, 200);
    assert.deepEqual(await api.json(), { via: 'api' });
    const other = await fetch(`http://127.0.0.1:${port}/other`);
    assert.deepEqual(await other.json(), { via: 'main', inbound: 'D' });
  } finally {
    await rt.stop();
  }
  // MI's fallback is its built-in main sequence; without a project 'main' the request is refused clearly
  const barePort = await freePort();
  const { rt: bare } = await running(files(barePort));
  try {
    const res = await fetch(`http://127.0.0.1:${barePort}/other`);
    assert.equal(res.status, 404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'CONDUIT_REFERENCE_UNRESOLVED');
    assert.match(body.error.message, /does not match its dispatch\.filter\.pattern; MI injects such a request into the main sequence/);
  } finally {
    await bare.stop();
  }
});

test('a taken port leaves the inbound endpoint idle with a coded error while the rest runs; suspend="true" never listens', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const takenPort = (taken.address() as { port: number }).port;
  const suspendedPort = await freePort();
  try {
    const { rt, logger, failed } = await running({
      'apis/Hello.xml': API,
      'sequences/In.xml': answering('In', 'inbound'),
      'inbound-endpoints/Taken.xml': inbound('Taken', 'protocol="http" sequence="In"', { 'inbound.http.port': String(takenPort) }),
      'inbound-endpoints/Paused.xml': inbound('Paused', 'protocol="http" sequence="In" suspend="true"', { 'inbound.http.port': String(suspendedPort) }),
    });
    try {
      assert.deepEqual(failed, []);
      assert.ok(logger.lines().some((l) => l.includes(`CONDUIT_INBOUND_UNAVAILABLE Port ${takenPort} used by inbound endpoint Taken is already used by another application`)));
      assert.ok(logger.lines().some((l) => l.includes('Inbound endpoint [Paused] is currently suspended.')));
      assert.equal((await fetch(`${rt.url}/hello`)).status, 200);
      assert.equal(await listening(suspendedPort), false);
    } finally {
      await rt.stop();
    }
  } finally {
    taken.close();
  }
});

test('what the runtime refuses, the validator reports with the same code and words', async () => {
  const files = {
    'sequences/In.xml': answering('In', 'inbound'),
    'inbound-endpoints/Zero.xml': inbound('Zero', 'protocol="http" sequence="In"', { 'inbound.http.port': '0' }),
    'inbound-endpoints/Word.xml': inbound('Word', 'protocol="http" sequence="In"', { 'inbound.http.port': 'eighty' }),
    'inbound-endpoints/NoPort.xml': inbound('NoPort', 'protocol="http" sequence="In"', {}),
    'inbound-endpoints/Regex.xml': inbound('Regex', 'protocol="http" sequence="In"', { 'inbound.http.port': '18285', 'dispatch.filter.pattern': '(/a' }),
    'inbound-endpoints/Jms.xml': inbound('Jms', 'protocol="jms" sequence="In"', {}),
    'inbound-endpoints/Custom.xml': inbound('Custom', 'class="org.example.Poller" sequence="In"', {}),
  };
  const project = projectFromXml(files);
  const { rt, failed } = await running(files);
  await rt.stop();
  assert.equal(failed.length, 6);
  const reported = validateProject(project).filter((p) => p.file?.includes('inbound-endpoints/'));
  for (const name of ['Zero', 'Word', 'NoPort', 'Regex', 'Jms', 'Custom']) {
    const refusal = failed.find((f) => f.startsWith(`Inbound Endpoint '${name}' was not deployed: `));
    assert.ok(refusal, `${name} refused`);
    const p = reported.find((r) => r.file!.endsWith(`/${name}.xml`));
    assert.ok(p, `${name} reported`);
    assert.equal(refusal, `Inbound Endpoint '${name}' was not deployed: ${p.code} ${p.message}`);
  }
  assert.match(failed.find((f) => f.includes("'Word'"))!, /CONDUIT_INBOUND_CONFIG_INVALID .*Please provide port number as integer instead of port eighty/);
  assert.match(failed.find((f) => f.includes("'Jms'"))!, /CONDUIT_UNSUPPORTED .*not protocol 'jms'/);
});

test('undeploying an inbound endpoint closes its port; conduit run lists it and exits on SIGTERM', async (t) => {
  const port = await freePort();
  const { rt } = await running({
    'sequences/In.xml': answering('In', 'inbound'),
    'inbound-endpoints/U.xml': inbound('U', 'protocol="http" sequence="In"', { 'inbound.http.port': String(port) }),
  });
  try {
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200);
    await rt.undeploy('inboundEndpoint', 'U');
    assert.equal(await listening(port), false);
  } finally {
    await rt.stop();
  }

  const root = mkdtempSync(join(tmpdir(), 'conduit-inbound-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const artifacts = join(root, 'src/main/wso2mi/artifacts');
  mkdirSync(join(artifacts, 'sequences'), { recursive: true });
  mkdirSync(join(artifacts, 'inbound-endpoints'), { recursive: true });
  writeFileSync(join(artifacts, 'sequences', 'In.xml'), answering('In', 'inbound'));
  writeFileSync(join(artifacts, 'inbound-endpoints', 'Cli.xml'), inbound('Cli', 'protocol="http" sequence="In"', { 'inbound.http.port': String(port) }));
  const cli = await startRuntime(root);
  assert.match(cli.output(), /2 artifacts deployed \(1 inbound endpoint\), 0 refused/);
  assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/`)).json(), { via: 'inbound', inbound: 'Cli' });
  const exit = new Promise<number | null>((resolve) => cli.proc.once('exit', (code) => resolve(code)));
  await cli.kill('SIGTERM');
  assert.equal(await exit, 0, cli.output());
  assert.equal(await listening(port), false);
});
