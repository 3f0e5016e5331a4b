/**
 * Soak: N minutes (default 10) of mixed traffic at a steady rate against a runtime in its own process
 * (`node dist/cli.js run`): pass-through to a healthy back end, store-and-forward through the embedded
 * store to a back end that fails every few deliveries, and calls to a back end that always fails.
 * Samples the runtime's heap after a full collection (the runtime runs with --expose-gc and the
 * management API's GET /server?gc=true collects first), its resident memory (VmRSS from
 * /proc/<pid>/status) and open file descriptors (/proc/<pid>/fd) every 10 s, then waits for the store
 * to drain and checks that every message the runtime acknowledged was delivered.
 *
 *   node scripts/build.mjs && node --import tsx bench/soak.ts [--minutes 10] [--rate 50]
 *
 * Writes bench/results/soak.json; exits 1 when a message was lost or the runtime died.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ServerStatus } from '../src/runtime/management/server';
import { CLI, ROOT, startNode, type Child } from './process';

export interface SoakOptions {
  durationMs: number;
  /** Requests per second, spread evenly over the three kinds. */
  rate: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface Sample {
  atMs: number;
  /** V8 heap in use right after a full collection: what a leak makes grow. */
  heapBytes: number;
  rssBytes: number;
  fds: number;
}

export interface SoakResult {
  durationMs: number;
  rate: number;
  sent: Record<Kind, number>;
  /** Status code → count, per kind. */
  answers: Record<Kind, Record<string, number>>;
  /** Requests that got no HTTP answer at all. */
  noAnswer: number;
  acknowledged: number;
  delivered: number;
  lost: string[];
  /** Deliveries of a message the back end had already received (at-least-once redeliveries). */
  duplicates: number;
  start: Sample;
  end: Sample;
  samples: Sample[];
  /** The runtime was still running at the end. */
  alive: boolean;
  /** Time from the end of traffic until the store was empty and every message delivered. */
  drainMs: number;
  /** Deliveries per second the forwarder sustained over the whole run, drain included. */
  deliveriesPerSecond: number;
}

type Kind = 'pass' | 'store' | 'fault';
const KINDS: Kind[] = ['pass', 'store', 'fault'];
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

/** The runtime's collected heap (from its management API), VmRSS and open descriptors (from /proc). */
async function sample(dir: string, pid: number, t0: number): Promise<Sample> {
  const status = (await management(dir, '/server?gc=true')) as ServerStatus;
  if (!status.collected) throw new Error('the runtime did not collect garbage before reporting its heap; is it running with --expose-gc?');
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { atMs: Date.now() - t0, heapBytes: status.memory.heapUsed, rssBytes: m ? Number(m[1]) * 1024 : NaN, fds: readdirSync(`/proc/${pid}/fd`).length };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const describe = (s: Sample) => `heap ${mib(s.heapBytes)}, rss ${mib(s.rssBytes)}, ${s.fds} fds`;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function project(dir: string, okPort: number, flakyPort: number, downPort: number): void {
  const ep = (name: string, port: number, path: string) => `<endpoint name="${name}" ${NS}>
  <http method="post" uri-template="http://127.0.0.1:${port}${path}">
    <timeout><duration>2000</duration><responseAction>fault</responseAction></timeout>
    <markForSuspension><errorCodes>-1</errorCodes></markForSuspension>
    <suspendOnFailure><errorCodes>-1</errorCodes><initialDuration>0</initialDuration></suspendOnFailure>
  </http>
</endpoint>`;
  const files: Record<string, string> = {
    'pom.xml': '<project><artifactId>soak</artifactId><version>1.0.0</version></project>',
    'src/main/wso2mi/artifacts/endpoints/PassEP.xml': ep('PassEP', okPort, '/echo'),
    'src/main/wso2mi/artifacts/endpoints/SettleEP.xml': ep('SettleEP', flakyPort, '/settle'),
    'src/main/wso2mi/artifacts/endpoints/DownEP.xml': ep('DownEP', downPort, '/down'),
    'src/main/wso2mi/artifacts/message-stores/SoakStore.xml': `<messageStore name="SoakStore" class="org.conduit.store.EmbeddedStore" ${NS}/>`,
    'src/main/wso2mi/artifacts/message-processors/SoakForwarder.xml': `<messageProcessor name="SoakForwarder" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="SoakStore" targetEndpoint="SettleEP" ${NS}>
  <parameter name="interval">20</parameter>
  <parameter name="client.retry.interval">20</parameter>
  <parameter name="max.delivery.attempts">0</parameter>
</messageProcessor>`,
    'src/main/wso2mi/artifacts/apis/SoakAPI.xml': `<api name="SoakAPI" context="/soak" ${NS}>
  <resource methods="POST" uri-template="/pass"><inSequence><call><endpoint key="PassEP"/></call><respond/></inSequence><faultSequence/></resource>
  <resource methods="POST" uri-template="/store"><inSequence>
    <property name="OUT_ONLY" value="true"/>
    <store messageStore="SoakStore"/>
    <payloadFactory media-type="json"><format>{"stored":true}</format><args/></payloadFactory>
    <respond/>
  </inSequence><faultSequence/></resource>
  <resource methods="POST" uri-template="/fault"><inSequence><call><endpoint key="DownEP"/></call><respond/></inSequence>
    <faultSequence>
      <property name="HTTP_SC" value="502" scope="axis2"/>
      <payloadFactory media-type="json"><format>{"fault":"$1"}</format><args><arg evaluator="xml" expression="get-property('ERROR_CODE')"/></args></payloadFactory>
      <respond/>
    </faultSequence></resource>
</api>`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function post(agent: Agent, port: number, path: string, body: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve(undefined));
    });
    req.setTimeout(30_000, () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end(body);
  });
}

async function management(dir: string, path: string): Promise<unknown> {
  const info = JSON.parse(readFileSync(join(dir, '.conduit', 'management.json'), 'utf8')) as { url: string; token: string };
  const res = await fetch(info.url + path, { headers: { Authorization: `Bearer ${info.token}` } });
  return res.json();
}

/** Runs the soak and resolves with its figures; the runtime and back ends are stopped before it resolves. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const received = new Map<string, number>();
  let settleCalls = 0;
  const ok = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"ok":true}'));
  });
  // Fails every fourth delivery (alternating 503 and a reset connection), so messages are retried.
  const flaky = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = ++settleCalls;
      if (n % 8 === 0) return req.socket.destroy();
      if (n % 4 === 0) {
        res.statusCode = 503;
        return res.end('{"error":"busy"}');
      }
      const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
      received.set(id, (received.get(id) ?? 0) + 1);
      res.setHeader('Content-Type', 'application/json');
      res.end('{"settled":true}');
    });
  });
  const down = createServer();
  const [okPort, flakyPort, downPort] = [await listen(ok), await listen(flaky), await listen(down)];
  await close(down); // nothing listens there any more: connections are refused

  const dir = mkdtempSync(join(tmpdir(), 'conduit-soak-'));
  project(dir, okPort, flakyPort, downPort);
  let runtime: Child | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  try {
    runtime = startNode(['--expose-gc', CLI, 'run', dir, '--port', '0', '--management-port', '0']);
    const port = Number((await runtime.line(/Pass-through HTTP Listener started on [\d.]+:(\d+)/, 30_000))[1]);
    await runtime.line(/artifacts deployed/, 30_000);
    const pid = runtime.proc.pid!;
    const t0 = Date.now();

    const sent: Record<Kind, number> = { pass: 0, store: 0, fault: 0 };
    const answers: Record<Kind, Record<string, number>> = { pass: {}, store: {}, fault: {} };
    const acknowledged: string[] = [];
    let noAnswer = 0;
    let seq = 0;
    const inFlight = new Set<Promise<void>>();
    const fire = (kind: Kind) => {
      const id = `${kind}-${++seq}`;
      sent[kind]++;
      const p = post(agent, port, `/soak/${kind}`, JSON.stringify({ id, at: Date.now() })).then((status) => {
        if (status === undefined) noAnswer++;
        else answers[kind][status] = (answers[kind][status] ?? 0) + 1;
        if (kind === 'store' && status === 200) acknowledged.push(id);
        inFlight.delete(p);
      });
      inFlight.add(p);
    };

    // warm-up, so the start sample is taken with the runtime's working set in place
    for (let i = 0; i < 30; i++) fire(KINDS[i % 3]);
    await Promise.all(inFlight);
    const start = await sample(dir, pid, t0);
    const samples = [start];
    log(`start: ${describe(start)}`);

    const gap = 1000 / options.rate;
    const began = Date.now();
    let i = 0;
    let nextSample = began + 10_000;
    while (Date.now() - began < options.durationMs) {
      fire(KINDS[i % 3]);
      i++;
      const due = began + i * gap;
      if (Date.now() >= nextSample) {
        const s = await sample(dir, pid, t0);
        samples.push(s);
        log(`${(s.atMs / 1000).toFixed(0)} s: ${describe(s)}, ${acknowledged.length} stored, ${received.size} delivered`);
        nextSample += 10_000;
      }
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(inFlight);

    // Drain: every acknowledged message must reach the back end and the store must be empty. A backlog
    // (storing faster than the forwarder delivers) drains as long as deliveries keep coming; only 30 s
    // without a single delivery ends the wait.
    const drainStarted = Date.now();
    let lastProgress = Date.now();
    let lastCount = received.size;
    for (;;) {
      const stores = (await management(dir, '/stores')) as Array<{ name: string; size: number }>;
      const size = stores.find((s) => s.name === 'SoakStore')?.size ?? -1;
      if (size === 0 && acknowledged.every((id) => received.has(id))) break;
      if (received.size > lastCount) {
        lastCount = received.size;
        lastProgress = Date.now();
      }
      if (Date.now() - lastProgress > 30_000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const drainMs = Date.now() - drainStarted;
    log(`drained in ${(drainMs / 1000).toFixed(1)} s`);
    agent.destroy();
    // idle keep-alive sockets of the load generator are gone before the end sample
    await new Promise((r) => setTimeout(r, 500));
    const end = await sample(dir, pid, t0);
    samples.push(end);
    const lost = acknowledged.filter((id) => !received.has(id));
    let duplicates = 0;
    for (const n of received.values()) duplicates += n - 1;
    log(`end: ${describe(end)}; ${acknowledged.length} acknowledged, ${lost.length} lost, ${duplicates} delivered twice`);
    return {
      durationMs: options.durationMs,
      rate: options.rate,
      sent,
      answers,
      noAnswer,
      acknowledged: acknowledged.length,
      delivered: acknowledged.length - lost.length,
      lost,
      duplicates,
      start,
      end,
      samples,
      alive: runtime.proc.exitCode === null && runtime.proc.signalCode === null,
      drainMs,
      deliveriesPerSecond: received.size / ((Date.now() - began) / 1000),
    };
  } finally {
    agent.destroy();
    await runtime?.stop();
    await close(ok);
    await close(flaky);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string' }, rate: { type: 'string' } } });
  const minutes = Number(values.minutes ?? 10);
  const rate = Number(values.rate ?? 50);
  const result = await runSoak({ durationMs: minutes * 60_000, rate, log: (l) => console.log(l) });
  const out = join(ROOT, 'bench', 'results', 'soak.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ ...result, lost: result.lost.slice(0, 100), measuredAt: new Date().toISOString() }, null, 2) + '\n');
  console.log(
    `soak ${minutes} min at ${rate}/s: ${KINDS.map((k) => `${k} ${result.sent[k]} ${JSON.stringify(result.answers[k])}`).join(', ')}; ` +
      `heap ${mib(result.start.heapBytes)} → ${mib(result.end.heapBytes)}, rss ${mib(result.start.rssBytes)} → ${mib(result.end.rssBytes)}, ` +
      `fds ${result.start.fds} → ${result.end.fds}; ` +
      `${result.acknowledged} stored, ${result.lost.length} lost, ${result.duplicates} redelivered, drained in ${(result.drainMs / 1000).toFixed(1)} s ` +
      `(${result.deliveriesPerSecond.toFixed(1)} deliveries/s); no answer ${result.noAnswer}`,
  );
  process.exit(result.lost.length === 0 && result.alive ? 0 : 1);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
