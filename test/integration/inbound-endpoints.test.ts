import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'amqplib';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { validateProject } from '../../src/model/validate/validate';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { createFaultyBackend, type FaultyBackend } from '../helpers/backends';
import { freePort, needBrokerInstall, startPrivateBroker } from '../helpers/broker';
import { AMQP_URL, needRabbit } from '../helpers/rabbitmq';
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
    assert.ok(logger.lines().some((l) => l.includes(`Inbound endpoint I (http) takes messages from http://127.0.0.1:${port}`)));
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
    'inbound-endpoints/Sftp.xml': inbound('Sftp', 'protocol="file" sequence="In"', { 'transport.vfs.FileURI': 'sftp://user:secret@host/in' }),
    'inbound-endpoints/NoMove.xml': inbound('NoMove', 'protocol="file" sequence="In"', { 'transport.vfs.FileURI': 'file:///tmp/in', 'transport.vfs.ActionAfterProcess': 'MOVE' }),
  };
  const project = projectFromXml(files);
  const { rt, failed } = await running(files);
  await rt.stop();
  assert.equal(failed.length, 8);
  const reported = validateProject(project).filter((p) => p.file?.includes('inbound-endpoints/'));
  for (const name of ['Zero', 'Word', 'NoPort', 'Regex', 'Jms', 'Custom', 'Sftp', 'NoMove']) {
    const refusal = failed.find((f) => f.startsWith(`Inbound Endpoint '${name}' was not deployed: `));
    assert.ok(refusal, `${name} refused`);
    const p = reported.find((r) => r.file!.endsWith(`/${name}.xml`));
    assert.ok(p, `${name} reported`);
    assert.equal(refusal, `Inbound Endpoint '${name}' was not deployed: ${p.code} ${p.message}`);
  }
  assert.match(failed.find((f) => f.includes("'Word'"))!, /CONDUIT_INBOUND_CONFIG_INVALID .*Please provide port number as integer instead of port eighty/);
  assert.match(failed.find((f) => f.includes("'Jms'"))!, /CONDUIT_UNSUPPORTED .*not protocol 'jms'/);
  assert.match(failed.find((f) => f.includes("'Sftp'"))!, /CONDUIT_UNSUPPORTED transport\.vfs\.FileURI 'sftp:\/\/user:\*\*\*@host\/in': .*polls local folders \(file:\/\/\) only, not sftp/);
  assert.match(failed.find((f) => f.includes("'NoMove'"))!, /CONDUIT_INBOUND_CONFIG_INVALID .*needs transport\.vfs\.MoveAfterProcess/);
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

/** Resolves once `n` requests in all have reached `path` of the back end. */
async function reached(path: string, n: number, timeoutMs = 30_000): Promise<void> {
  const at = () => backend.requests.filter((r) => r.url === path).length;
  for (const deadline = Date.now() + timeoutMs; at() < n; await sleep(20)) {
    if (Date.now() > deadline) throw new Error(`${at()} requests reached ${path}, not ${n}`);
  }
}

function rabbitInbound(name: string, queue: string, port: number, extra: Record<string, string> = {}): string {
  return inbound(name, 'protocol="rabbitmq" sequence="Forward" onError="OnError"', {
    'rabbitmq.connection.factory': 'AMQPConnectionFactory',
    'rabbitmq.server.host.name': '127.0.0.1',
    'rabbitmq.server.port': String(port),
    'rabbitmq.server.user.name': 'guest',
    'rabbitmq.server.password': 'guest',
    'rabbitmq.queue.name': queue,
    'rabbitmq.queue.auto.ack': 'false',
    'rabbitmq.channel.consumer.qos': '5',
    ...extra,
  });
}

/** Publishes persistent messages to `queue` (declared durable, as the inbound endpoint declares it). */
async function publish(url: string, queue: string, messages: Array<{ body: string; contentType?: string }>): Promise<void> {
  const conn = await connect(url);
  try {
    const ch = await conn.createConfirmChannel();
    await ch.assertQueue(queue, { durable: true });
    for (const m of messages) ch.sendToQueue(queue, Buffer.from(m.body), { persistent: true, contentType: m.contentType });
    await ch.waitForConfirms();
  } finally {
    await conn.close();
  }
}

async function queueState(queue: string): Promise<{ messageCount: number; consumerCount: number }> {
  const conn = await connect(AMQP_URL);
  try {
    const ch = await conn.createChannel();
    return await ch.checkQueue(queue);
  } finally {
    await conn.close();
  }
}

test('a RabbitMQ inbound endpoint consumes every message into a sequence that calls a real back end, by content type', async (t) => {
  if (!(await needRabbit(t))) return;
  const queue = `conduit-inbound-${randomUUID()}`;
  const path = `/rmq/${queue}`;
  t.after(async () => {
    const conn = await connect(AMQP_URL);
    await (await conn.createChannel()).deleteQueue(queue).catch(() => undefined);
    await conn.close();
  });
  const files = {
    'sequences/Forward.xml': `<sequence name="Forward" ${NS}><call><endpoint><http method="post" uri-template="${backend.url}${path}"/></endpoint></call><drop/></sequence>`,
    'sequences/OnError.xml': ON_ERROR,
    'inbound-endpoints/Orders.xml': rabbitInbound('Orders', queue, Number(new URL(AMQP_URL).port || 5672)),
  };
  const { rt, logger } = await running(files);
  try {
    const json = Array.from({ length: 28 }, (_, i) => ({ body: JSON.stringify({ order: i }), contentType: 'application/json' }));
    await publish(AMQP_URL, queue, [...json, { body: '<order><id>xml</id></order>', contentType: 'application/xml' }, { body: 'plain words' }]);
    await reached(path, 30);
    const got = backend.requests.filter((r) => r.url === path);
    assert.deepEqual(got.filter((r) => String(r.headers['content-type']).startsWith('application/json')).map((r) => JSON.parse(r.body).order).sort((a, b) => a - b), [...Array(28).keys()]);
    assert.deepEqual(got.filter((r) => String(r.headers['content-type']).startsWith('application/xml')).map((r) => r.body), ['<order><id>xml</id></order>']);
    assert.deepEqual(got.filter((r) => String(r.headers['content-type']).startsWith('text/plain')).map((r) => r.body), ['plain words']);
    assert.equal((await queueState(queue)).consumerCount, 1);
    assert.ok(logger.lines().some((l) => l.includes(`Inbound endpoint Orders (rabbitmq) takes messages from queue ${queue} on amqp://guest:***@127.0.0.1:`)));
    assert.ok(!logger.lines().some((l) => l.includes('guest:guest')), 'the password is never logged');

    await rt.undeploy('inboundEndpoint', 'Orders');
    const after = await queueState(queue);
    assert.equal(after.consumerCount, 0, 'undeploy cancels the consumer');
    assert.equal(after.messageCount, 0, 'every message was acknowledged');
  } finally {
    await rt.stop();
  }
});

test('a RabbitMQ message whose flow faults runs onError, and SET_ROLLBACK_ONLY there dead-letters it', async (t) => {
  if (!(await needRabbit(t))) return;
  const queue = `conduit-inbound-${randomUUID()}`;
  const dlq = `${queue}.dlq`;
  const conn = await connect(AMQP_URL);
  t.after(async () => {
    const ch = await conn.createChannel();
    await ch.deleteQueue(queue).catch(() => undefined);
    await ch.deleteQueue(dlq).catch(() => undefined);
    await conn.close();
  });
  const admin = await conn.createChannel();
  await admin.assertQueue(dlq, { durable: true });
  await admin.assertQueue(queue, { durable: true, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq } });
  const dead = await freePort();
  const { rt, logger } = await running({
    'sequences/Forward.xml': calling('Forward', `http://127.0.0.1:${dead}/down`),
    'sequences/OnError.xml': `<sequence name="OnError" ${NS}><log level="custom"><property name="failed" expression="get-property('ERROR_CODE')"/></log><property name="SET_ROLLBACK_ONLY" value="true" scope="axis2"/></sequence>`,
    'inbound-endpoints/Failing.xml': rabbitInbound('Failing', queue, Number(new URL(AMQP_URL).port || 5672), { 'rabbitmq.queue.autodeclare': 'false' }),
  });
  try {
    for (let i = 0; i < 3; i++) admin.sendToQueue(queue, Buffer.from(JSON.stringify({ i })), { contentType: 'application/json', persistent: true });
    for (const deadline = Date.now() + 15_000; (await admin.checkQueue(dlq)).messageCount < 3; await sleep(50)) {
      if (Date.now() > deadline) throw new Error(`${(await admin.checkQueue(dlq)).messageCount} messages dead-lettered, not 3`);
    }
    assert.equal((await admin.checkQueue(queue)).messageCount, 0);
    // the first failure suspends the endpoint, so the later ones fail with 303001 without a connection
    assert.equal(logger.records.filter((r) => r.category === 'LogMediator' && /^\{inboundendpoint:Failing\} failed = (101503|303001)$/.test(r.message)).length, 3);
  } finally {
    await rt.stop();
  }
});

test('a RabbitMQ inbound endpoint reconnects after a broker restart and consumes what is published after it', async (t) => {
  if (!needBrokerInstall(t)) return;
  const broker = await startPrivateBroker();
  t.after(() => broker.dispose());
  const queue = 'conduit-inbound-restart';
  const path = `/rmq-restart/${randomUUID()}`;
  const { rt, logger } = await running({
    'sequences/Forward.xml': `<sequence name="Forward" ${NS}><call><endpoint><http method="post" uri-template="${backend.url}${path}"/></endpoint></call><drop/></sequence>`,
    'sequences/OnError.xml': ON_ERROR,
    'inbound-endpoints/Restart.xml': rabbitInbound('Restart', queue, broker.port, { 'rabbitmq.connection.retry.interval': '500' }),
  });
  try {
    const batch = (from: number) => Array.from({ length: 10 }, (_, i) => ({ body: JSON.stringify({ n: from + i }), contentType: 'application/json' }));
    await publish(broker.url, queue, batch(0));
    await reached(path, 10);
    await broker.stop();
    await broker.start();
    await publish(broker.url, queue, batch(10));
    await reached(path, 20, 60_000);
    const ns = new Set(backend.requests.filter((r) => r.url === path).map((r) => JSON.parse(r.body).n));
    for (let n = 0; n < 20; n++) assert.ok(ns.has(n), `message ${n} arrived`);
    assert.ok(logger.lines().some((l) => l.includes('inbound endpoint Restart: reconnected to')));
  } finally {
    await rt.stop();
  }
});

/** Sends the file's body to the back end; a JSON body with `"fail": true` goes to a dead port instead, so its flow faults. */
function fileSequence(path: string, deadPort: number): string {
  return `<sequence name="Forward" ${NS}>
  <filter source="json-eval($.fail)" regex="true">
    <then><call><endpoint><http method="post" uri-template="http://127.0.0.1:${deadPort}/down"/></endpoint></call></then>
    <else><call><endpoint><http method="post" uri-template="${backend.url}${path}"/></endpoint></call></else>
  </filter>
  <drop/>
</sequence>`;
}

const FILE_ON_ERROR = `<sequence name="OnError" ${NS}><log level="custom"><property name="file failed" expression="$trp:FILE_NAME"/></log></sequence>`;

async function until(what: () => boolean, describe: () => string, timeoutMs = 15_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !what(); await sleep(20)) {
    if (Date.now() > deadline) throw new Error(describe());
  }
}

test('a file inbound endpoint injects each matching file, moves it when done and a failing one to the failure folder', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'conduit-vfs-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const [inDir, done, failedDir] = ['in', 'done', 'failed'].map((d) => join(root, d));
  mkdirSync(inDir);
  writeFileSync(join(inDir, 'a.json'), '{"n":1}');
  writeFileSync(join(inDir, 'b.json'), '{"n":2}');
  writeFileSync(join(inDir, 'c.xml'), '<order><n>3</n></order>');
  writeFileSync(join(inDir, 'bad.json'), '{"fail":true}');
  writeFileSync(join(inDir, 'skip.txt'), 'not for this endpoint');
  const path = `/files/${randomUUID()}`;
  const { rt, logger } = await running({
    'sequences/Forward.xml': fileSequence(path, await freePort()),
    'sequences/OnError.xml': FILE_ON_ERROR,
    'inbound-endpoints/Files.xml': inbound('Files', 'protocol="file" sequence="Forward" onError="OnError" suspend="false"', {
      interval: '100',
      sequential: 'true',
      coordination: 'true',
      'transport.vfs.FileURI': `file://${inDir}`,
      'transport.vfs.FileNamePattern': '.*\\.(json|xml)',
      'transport.vfs.ActionAfterProcess': 'MOVE',
      'transport.vfs.MoveAfterProcess': `file://${done}`,
      'transport.vfs.ActionAfterFailure': 'MOVE',
      'transport.vfs.MoveAfterFailure': `file://${failedDir}`,
    }),
  });
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
  try {
    await until(() => list(done).length === 3 && list(failedDir).length === 1, () => `done: ${list(done)}, failed: ${list(failedDir)}`);
    assert.deepEqual(list(done), ['a.json', 'b.json', 'c.xml']);
    assert.deepEqual(list(failedDir), ['bad.json']);
    assert.deepEqual(list(inDir), ['skip.txt']);
    const got = backend.requests.filter((r) => r.url === path);
    assert.deepEqual(got.map((r) => r.body).sort(), ['<order><n>3</n></order>', '{"n":1}', '{"n":2}']);
    assert.ok(logger.lines().some((l) => l.includes('{inboundendpoint:Files} file failed = bad.json')));

    await rt.undeploy('inboundEndpoint', 'Files');
    writeFileSync(join(inDir, 'late.json'), '{"n":4}');
  } finally {
    await rt.stop();
  }
  assert.deepEqual(list(inDir), ['late.json', 'skip.txt'], 'nothing polls once undeployed');
});

test('without ActionAfterFailure a failing file stays in place and is not taken again until it changes', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'conduit-vfs-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const inDir = join(root, 'in');
  mkdirSync(inDir);
  writeFileSync(join(inDir, 'bad.json'), '{"fail":true}');
  const path = `/files/${randomUUID()}`;
  const { rt, logger } = await running({
    'sequences/Forward.xml': fileSequence(path, await freePort()),
    'sequences/OnError.xml': FILE_ON_ERROR,
    'inbound-endpoints/Keep.xml': inbound('Keep', 'protocol="file" sequence="Forward" onError="OnError"', { interval: '50', 'transport.vfs.FileURI': `file://${inDir}` }),
  });
  const failures = () => logger.lines().filter((l) => l.includes('file failed = bad.json')).length;
  try {
    await until(() => failures() === 1, () => `${failures()} failures logged`);
    // a file written after the failure is taken by a later poll, which passed over bad.json
    writeFileSync(join(inDir, 'good.json'), '{"n":5}');
    await until(() => backend.requests.some((r) => r.url === path), () => 'good.json was not delivered');
    await until(() => !existsSync(join(inDir, 'good.json')), () => 'good.json was not deleted');
    assert.equal(failures(), 1);
    assert.ok(existsSync(join(inDir, 'bad.json')));
  } finally {
    await rt.stop();
  }
});
