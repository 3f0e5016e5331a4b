/**
 * Faults around the runtime, each against real parts: a real HTTP back end that is slow, down,
 * resetting, answering 5xx or broken JSON; a private RabbitMQ node that is down at startup and lost
 * mid-run; a TCP proxy that holds the broker's bytes (slow and stalled confirms); an embedded store
 * whose folder cannot be created, and one that runs out of room mid-run (RLIMIT_FSIZE on the
 * runtime's process, the closest thing to a full disk without mount rights). Every fault must give a
 * log line with its CONDUIT_* code, a clear answer to the client, and lose no message the client was
 * told was stored.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { connect as amqpConnect } from 'amqplib';
import { formatRecord, MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { RabbitMQStore } from '../../src/runtime/stores/rabbitmq';
import { createFaultyBackend, type BackendMode, type FaultyBackend } from '../helpers/backends';
import { needBrokerInstall, startPrivateBroker } from '../helpers/broker';
import { SYNAPSE_NS as NS, writeProject } from '../helpers/fuzz';
import { projectFromXml } from '../helpers/project-from-xml';
import { AMQP_URL, needRabbit } from '../helpers/rabbitmq';
import { conduit, startRuntime } from '../helpers/runtime-process';
import { storedMessage } from '../helpers/stored-message';

const run = promisify(execFile);

/** An endpoint that never suspends, so every request really reaches (or fails to reach) the back end. */
const endpoint = (name: string, url: string, timeoutMs = 400) => `<endpoint name="${name}" ${NS}>
  <http method="post" uri-template="${url}/deliver">
    <timeout><duration>${timeoutMs}</duration><responseAction>fault</responseAction></timeout>
    <markForSuspension><errorCodes>-1</errorCodes></markForSuspension>
    <suspendOnFailure><errorCodes>-1</errorCodes><initialDuration>0</initialDuration></suspendOnFailure>
  </http>
</endpoint>`;

/** The answer a fault sequence gives: 504 for a timeout, 502 for anything else, with the error text. */
const MAPPING_FAULT = `<faultSequence>
  <log level="custom"><property name="fault" expression="get-property('ERROR_CODE')"/></log>
  <filter source="get-property('ERROR_CODE')" regex="101504">
    <then><property name="HTTP_SC" value="504" scope="axis2"/></then>
    <else><property name="HTTP_SC" value="502" scope="axis2"/></else>
  </filter>
  <payloadFactory media-type="json"><format>{"fault":"$1","code":"$2"}</format>
    <args><arg evaluator="xml" expression="get-property('ERROR_MESSAGE')"/><arg evaluator="xml" expression="get-property('ERROR_CODE')"/></args>
  </payloadFactory>
  <respond/>
</faultSequence>`;

function since(logger: MemoryLogger, from: number): string {
  return logger.records.slice(from).map(formatRecord).join('\n');
}

async function post(rt: Runtime, path: string, body: unknown): Promise<{ status: number; text: string; json: () => any }> {
  const res = await fetch(rt.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

test('back-end faults: a coded log line and a clear answer for slow, down, reset, 5xx and broken JSON', async (t) => {
  const be = await createFaultyBackend();
  t.after(() => be.close());
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0 });
  t.after(() => rt.stop());
  const report = await rt.deploy(
    projectFromXml({
      'endpoints/BackEP.xml': endpoint('BackEP', be.url),
      'apis/F.xml': `<api name="F" context="/f" ${NS}>
        <resource methods="POST" uri-template="/mapped"><inSequence><call><endpoint key="BackEP"/></call><respond/></inSequence>${MAPPING_FAULT}</resource>
        <resource methods="POST" uri-template="/tutorial"><inSequence><call><endpoint key="BackEP"/></call><respond/></inSequence><faultSequence/></resource>
        <resource methods="POST" uri-template="/read"><inSequence><call><endpoint key="BackEP"/></call>
          <log level="custom"><property name="ok" expression="json-eval($.ok)"/></log><respond/></inSequence>${MAPPING_FAULT}</resource>
      </api>`,
    }),
  );
  assert.deepEqual(report.failed, []);
  await rt.start();

  const transport: Array<[BackendMode, number, string, RegExp]> = [
    [{ kind: 'slow', ms: 3000 }, 504, '101504', /no response from .* within 400 ms/],
    [{ kind: 'down' }, 502, '101503', /cannot connect to .*ECONNREFUSED/],
    [{ kind: 'reset' }, 502, '101505', /was closed/],
  ];
  for (const [mode, status, code, reason] of transport) {
    await be.set(mode);
    const from = logger.records.length;
    const mapped = await post(rt, '/f/mapped', { n: 1 });
    assert.equal(mapped.status, status, `${mode.kind}: ${mapped.text}`);
    assert.equal(mapped.json().code, code);
    assert.match(mapped.json().fault, reason);
    // the tutorials' empty fault sequence still answers, with Conduit's JSON error and MI's error code
    const tutorial = await post(rt, '/f/tutorial', { n: 1 });
    assert.equal(tutorial.status, 500, tutorial.text);
    assert.equal(tutorial.json().error.code, 'CONDUIT_EMPTY_FAULT_SEQUENCE');
    assert.equal(tutorial.json().error.errorCode, code);
    const log = since(logger, from);
    assert.match(log, new RegExp(`ERROR \\{CallMediator\\} - \\{api:F\\} CONDUIT_ENDPOINT_UNREACHABLE .*\\(ERROR_CODE ${code}\\)`), log);
    assert.match(log, /WARN \{Runtime\} - \{api:F\} CONDUIT_EMPTY_FAULT_SEQUENCE/);
  }

  // A 5xx is the back end's answer, not a transport fault: MI passes it through, and so does Conduit.
  await be.set({ kind: 'error', status: 503 });
  const failing = await post(rt, '/f/mapped', { n: 2 });
  assert.equal(failing.status, 503);
  assert.deepEqual(failing.json(), { error: 'injected 503' });

  // Broken JSON passes through untouched (as MI's pass-through does); reading it is a coded warning.
  await be.set({ kind: 'garbage' });
  const from = logger.records.length;
  const passed = await post(rt, '/f/mapped', { n: 3 });
  assert.equal(passed.status, 200);
  assert.equal(passed.text, '{"ok": tru');
  const read = await post(rt, '/f/read', { n: 3 });
  assert.equal(read.status, 200);
  assert.match(since(logger, from), /WARN \{SynapseJsonPath\} - CONDUIT_EXPRESSION_FAILED .*json-eval\(\$\.ok\).*does not parse/);

  await be.set({ kind: 'ok' });
  assert.equal((await post(rt, '/f/mapped', { n: 4 })).status, 200, 'the endpoint works again once the back end does');
});

test('store and forward through every back-end fault: each message the client was told is stored gets delivered', async (t) => {
  const be = await createFaultyBackend();
  const dataDir = mkdtempSync(join(tmpdir(), 'conduit-faults-'));
  t.after(async () => {
    await be.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0, dataDir });
  t.after(() => rt.stop());
  const report = await rt.deploy(
    projectFromXml({
      'endpoints/SettleEP.xml': endpoint('SettleEP', be.url, 300),
      'message-stores/Payments.xml': `<messageStore name="Payments" class="org.conduit.store.EmbeddedStore" ${NS}/>`,
      'message-processors/Settle.xml': `<messageProcessor name="Settle" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="Payments" targetEndpoint="SettleEP" ${NS}>
        <parameter name="interval">50</parameter>
        <parameter name="client.retry.interval">50</parameter>
        <parameter name="max.delivery.attempts">0</parameter>
      </messageProcessor>`,
      'apis/Pay.xml': `<api name="Pay" context="/pay" ${NS}>
        <resource methods="POST"><inSequence>
          <property name="OUT_ONLY" value="true"/>
          <store messageStore="Payments"/>
          <payloadFactory media-type="json"><format>{"stored":true}</format><args/></payloadFactory>
          <respond/>
        </inSequence><faultSequence/></resource>
      </api>`,
    }),
  );
  assert.deepEqual(report.failed, []);
  await rt.start();

  const accepted: string[] = [];
  const send = async () => {
    const id = randomUUID();
    const res = await post(rt, '/pay', { id });
    assert.equal(res.status, 200, res.text);
    accepted.push(id);
  };
  const failures = () => logger.records.filter((r) => r.message.includes('CONDUIT_PROCESSOR_DELIVERY_FAILED')).length;
  const modes: BackendMode[] = [{ kind: 'slow', ms: 2000 }, { kind: 'down' }, { kind: 'reset' }, { kind: 'error', status: 500 }, { kind: 'error', status: 503 }];
  for (const mode of modes) {
    await be.set(mode);
    const before = failures();
    for (let i = 0; i < 3; i++) await send();
    // the processor has met this fault (at least twice: a retry happened) before the next one starts
    await logger.waitFor(() => failures() >= before + 2, 15_000);
  }
  await be.set({ kind: 'ok' });
  for (let i = 0; i < 3; i++) await send();

  const deliveredOk = () => new Set(be.requests.filter((r) => r.mode === 'ok').map((r) => JSON.parse(r.body).id as string));
  await waitUntil(async () => accepted.every((id) => deliveredOk().has(id)) && (await rt.store('Payments')!.size()) === 0, 30_000, () => `missing: ${accepted.filter((id) => !deliveredOk().has(id)).join(', ')}`);
  const log = logger.records.map(formatRecord).join('\n');
  assert.match(log, /CONDUIT_PROCESSOR_DELIVERY_FAILED/);
  assert.doesNotMatch(log, /CONDUIT_PROCESSOR_DEACTIVATED/, 'retrying forever never deactivates the processor');
});

/** Polls `check` every 50 ms; fails with `why()` after `ms`. A guard against hanging, not a timing assertion. */
async function waitUntil(check: () => boolean | Promise<boolean>, ms: number, why: () => string = () => ''): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms ${why()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('RabbitMQ down at startup, then up, then lost mid-run: store requests get 500 meanwhile and nothing acknowledged is lost', async (t) => {
  if (!needBrokerInstall(t)) return;
  const broker = await startPrivateBroker();
  t.after(() => broker.dispose());
  await broker.stop();

  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0 });
  t.after(() => rt.stop());
  const report = await rt.deploy(
    projectFromXml({
      'message-stores/Queue.xml': `<messageStore name="Queue" class="org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore" ${NS}>
        <parameter name="store.rabbitmq.host.name">127.0.0.1</parameter>
        <parameter name="store.rabbitmq.host.port">${broker.port}</parameter>
        <parameter name="store.rabbitmq.queue.name">hardening</parameter>
        <parameter name="store.producer.guaranteed.delivery.enable">true</parameter>
        <parameter name="rabbitmq.connection.retry.interval">500</parameter>
      </messageStore>`,
      'apis/Q.xml': `<api name="Q" context="/q" ${NS}>
        <resource methods="POST"><inSequence><store messageStore="Queue"/><respond/></inSequence><faultSequence/></resource>
      </api>`,
    }),
  );
  assert.deepEqual(report.failed, [], 'a broker that is down does not stop the store from deploying');
  await rt.start();
  assert.match(since(logger, 0), /ERROR \{RabbitMQStore\} - CONDUIT_STORE_UNAVAILABLE message store Queue: amqp:\/\/guest:\*\*\*@127\.0\.0\.1:\d+\/%2F is not reachable/);

  const refused = async (what: string) => {
    const from = logger.records.length;
    const res = await post(rt, '/q', { what });
    assert.equal(res.status, 500, res.text);
    assert.equal(res.json().error.code, 'CONDUIT_EMPTY_FAULT_SEQUENCE');
    assert.match(res.json().error.message, /not stored in Queue|not connected/);
    assert.match(since(logger, from), /CONDUIT_STORE_UNAVAILABLE/);
  };
  const acknowledged: string[] = [];
  const stored = async () => {
    const id = randomUUID();
    const res = await post(rt, '/q', { id });
    assert.equal(res.status, 200, res.text);
    acknowledged.push(id);
  };

  await refused('while the broker has never been up');
  await broker.start();
  await logger.waitFor((r) => r.message.includes('message store Queue: connected to'), 30_000);
  for (let i = 0; i < 3; i++) await stored();

  await broker.stop();
  await logger.waitFor((r) => r.message.includes('message store Queue: lost the connection'), 30_000);
  await refused('while the broker is gone');

  await broker.start();
  await logger.waitFor((r) => r.message.includes('message store Queue: reconnected to'), 30_000);
  await stored();

  const held = await rt.store('Queue')!.browse(100);
  assert.deepEqual(held.map((m) => JSON.parse(m.payload.text).id), acknowledged, 'the durable queue kept every acknowledged message across the broker restart');
});

/** A TCP proxy in front of the broker whose broker-to-client direction can be delayed or held. */
async function bytesProxy(target: number): Promise<{ port: number; delayMs: number; hold: boolean; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { delayMs: 0, hold: false };
  let held: Array<() => void> = [];
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      const forward = () => {
        if (!client.destroyed) client.write(chunk);
      };
      if (state.hold) held.push(forward);
      else if (state.delayMs > 0) setTimeout(forward, state.delayMs);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(v: number) {
      state.delayMs = v;
    },
    get hold() {
      return state.hold;
    },
    set hold(v: boolean) {
      state.hold = v;
      if (!v) {
        const release = held;
        held = [];
        for (const f of release) f();
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test('a broker slow to confirm: store() waits for the confirm; one that never confirms is refused, never reported stored', async (t) => {
  if (!(await needRabbit(t))) return;
  const target = Number(new URL(AMQP_URL).port || 5672);
  const proxy = await bytesProxy(target);
  const queue = `conduit-hardening-${randomUUID().slice(0, 8)}`;
  const logger = new MemoryLogger();
  const store = new RabbitMQStore(
    'Slow',
    {
      'store.rabbitmq.host.name': '127.0.0.1',
      'store.rabbitmq.host.port': String(proxy.port),
      'store.rabbitmq.queue.name': queue,
      'store.producer.guaranteed.delivery.enable': 'true',
    },
    { logger, confirmTimeoutMs: 1500 },
  );
  t.after(async () => {
    proxy.hold = false;
    await store.close();
    await proxy.close();
    const c = await amqpConnect(AMQP_URL);
    const ch = await c.createChannel();
    await ch.deleteQueue(queue);
    await c.close();
  });
  await store.open();
  assert.ok(store.connected);

  proxy.delayMs = 300;
  const slow = storedMessage({ n: 1 });
  await store.store(slow);

  proxy.delayMs = 0;
  proxy.hold = true;
  const stalled = storedMessage({ n: 2 });
  await assert.rejects(store.store(stalled), (err: Error & { code?: string }) => err.code === 'CONDUIT_STORE_UNAVAILABLE' && /did not confirm the message within 1500 ms/.test(err.message));
  proxy.hold = false;

  // the confirmed message is certainly there; the unconfirmed one may be too (at-least-once, never lost)
  const c = await amqpConnect(AMQP_URL);
  t.after(() => c.close().catch(() => {}));
  const ch = await c.createChannel();
  const ids: string[] = [];
  for (let m = await ch.get(queue, { noAck: true }); m; m = await ch.get(queue, { noAck: true })) ids.push(JSON.parse(m.content.toString()).messageId);
  assert.ok(ids.includes(slow.messageId), `the confirmed message is in the queue: ${ids.join(', ')}`);
  assert.ok(ids.length <= 2);
});

test('embedded store folder cannot be created: the store is refused with a coded log line, its API answers 500, other APIs run', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-faults-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A file where the stores' folder should be: mkdir fails even for root (ENOTDIR), unlike chmod.
  writeFileSync(join(dir, 'not-a-folder'), '');
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0, dataDir: join(dir, 'not-a-folder', 'stores') });
  t.after(() => rt.stop());
  await rt.deploy(
    projectFromXml({
      'message-stores/Disk.xml': `<messageStore name="Disk" class="org.conduit.store.EmbeddedStore" ${NS}/>`,
      'apis/D.xml': `<api name="D" context="/d" ${NS}>
        <resource methods="POST" uri-template="/store"><inSequence><store messageStore="Disk"/><respond/></inSequence><faultSequence/></resource>
        <resource methods="GET" uri-template="/ping"><inSequence><payloadFactory media-type="json"><format>{"pong":1}</format><args/></payloadFactory><respond/></inSequence></resource>
      </api>`,
    }),
  );
  await rt.start();
  assert.match(since(logger, 0), /ERROR \{MessageStoreDeployer\} - message store Disk could not be opened yet: message store Disk: cannot create its folder .*not-a-folder/);
  const res = await post(rt, '/d/store', { n: 1 });
  assert.equal(res.status, 500);
  assert.equal(res.json().error.code, 'CONDUIT_EMPTY_FAULT_SEQUENCE');
  assert.match(res.json().error.message, /Disk/);
  assert.match(since(logger, 0), /ERROR \{StoreMediator\} - \{api:D\} CONDUIT_STORE_UNAVAILABLE the message was not stored in Disk: message store Disk is not open/);
  const ping = await fetch(`${rt.url}/d/ping`);
  assert.equal(ping.status, 200);
});

test('embedded store out of room mid-run: refused writes answer 500, earlier and later messages all survive a kill -9', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-full-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeProject(dir, {
    'pom.xml': '<project><artifactId>full</artifactId><version>1.0.0</version></project>',
    'src/main/wso2mi/artifacts/message-stores/Disk.xml': `<messageStore name="Disk" class="org.conduit.store.EmbeddedStore" ${NS}/>`,
    'src/main/wso2mi/artifacts/apis/D.xml': `<api name="D" context="/d" ${NS}>
      <resource methods="POST"><inSequence><store messageStore="Disk"/><respond/></inSequence><faultSequence/></resource>
    </api>`,
  });
  let rt = await startRuntime(dir);
  t.after(() => rt.kill());
  const send = async (id: string) => {
    const res = await fetch(`${rt.url}/d`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id }) });
    return { status: res.status, body: await res.text() };
  };
  const acknowledged: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = `before-${i}`;
    assert.equal((await send(id)).status, 200);
    acknowledged.push(id);
  }
  // RLIMIT_FSIZE of 1 byte: every write that grows a file fails with EFBIG, as on a full disk
  const pid = String(rt.proc.pid);
  await run('prlimit', ['--pid', pid, '--fsize=1:unlimited']);
  for (let i = 0; i < 2; i++) {
    const r = await send(`refused-${i}`);
    assert.equal(r.status, 500, r.body);
    assert.match(JSON.parse(r.body).error.message, /not stored in Disk|write failed/);
  }
  await rt.waitFor(/CONDUIT_STORE_FAILED the message was not stored in Disk: message store Disk: write failed: IO error: .*File too large/);
  await run('prlimit', ['--pid', pid, '--fsize=unlimited:unlimited']);
  for (let i = 0; i < 2; i++) {
    const id = `after-${i}`;
    const r = await send(id);
    assert.equal(r.status, 200, `storing works again once there is room: ${r.body}`);
    acknowledged.push(id);
  }
  await rt.kill('SIGKILL');
  rt = await startRuntime(dir);
  const browse = await conduit('store', 'browse', 'Disk', '--project', dir, '--limit', '100');
  assert.equal(browse.status, 0, browse.stderr);
  const ids = (JSON.parse(browse.stdout) as Array<{ payload: { text: string } }>).map((m) => JSON.parse(m.payload.text).id);
  assert.deepEqual(ids, acknowledged);
});

