/**
 * What the store benchmarks share: a generated storing project (API `POST /bench/store` → store →
 * respond, plus an optional forwarding processor to a back end), a `conduit run` of it in its own
 * process with its management API, and the broker address.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, freePort, startNode, type Child } from './process';

export const AMQP_URL = process.env.CONDUIT_BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** The same 114-byte JSON body the passthrough benchmark sends. */
export const BODY = JSON.stringify({ appointmentNumber: 1, patient: 'John Doe', doctor: 'thomas collins', fee: 7000.0, card_number: '7844481124110331' });

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

export type BenchStore = { kind: 'embedded' } | { kind: 'rabbitmq'; queue: string; confirms: boolean };

export interface BenchProjectOptions {
  store: BenchStore;
  /** A forwarding processor (inactive until activated) to `http://127.0.0.1:<port>/sink`. */
  forwardTo?: number;
}

/** Writes the project to a temporary folder and returns it. */
export function benchProject(o: BenchProjectOptions): string {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-bench-store-'));
  const u = new URL(AMQP_URL);
  const store =
    o.store.kind === 'embedded'
      ? `<messageStore name="BenchStore" class="org.conduit.store.EmbeddedStore" ${NS}/>`
      : `<messageStore name="BenchStore" class="org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore" ${NS}>
  <parameter name="store.rabbitmq.host.name">${u.hostname}</parameter>
  <parameter name="store.rabbitmq.host.port">${u.port || 5672}</parameter>
  <parameter name="store.rabbitmq.username">${decodeURIComponent(u.username) || 'guest'}</parameter>
  <parameter name="store.rabbitmq.password">${decodeURIComponent(u.password) || 'guest'}</parameter>
  <parameter name="store.rabbitmq.queue.name">${o.store.queue}</parameter>
  <parameter name="store.producer.guaranteed.delivery.enable">${o.store.confirms}</parameter>
</messageStore>`;
  const files: Record<string, string> = {
    'message-stores/BenchStore.xml': store,
    'apis/StoreAPI.xml': `<api name="StoreAPI" context="/bench" ${NS}>
  <resource methods="POST" uri-template="/store">
    <inSequence>
      <property name="OUT_ONLY" value="true"/>
      <store messageStore="BenchStore"/>
      <respond/>
    </inSequence>
    <faultSequence/>
  </resource>
</api>`,
  };
  if (o.forwardTo !== undefined) {
    files['endpoints/SinkEP.xml'] = `<endpoint name="SinkEP" ${NS}><http method="post" uri-template="http://127.0.0.1:${o.forwardTo}/sink"/></endpoint>`;
    files['message-processors/BenchForwarder.xml'] = `<messageProcessor name="BenchForwarder" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="BenchStore" ${NS}>
  <parameter name="target.endpoint">SinkEP</parameter>
  <parameter name="interval">0</parameter>
  <parameter name="max.delivery.attempts">0</parameter>
  <parameter name="is.active">false</parameter>
</messageProcessor>`;
  }
  for (const [rel, text] of Object.entries(files)) {
    const file = join(dir, 'src', 'main', 'wso2mi', 'artifacts', rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`);
  }
  return dir;
}

export interface BenchRuntime {
  child: Child;
  url: string;
  /** Calls the management API with the runtime's token. */
  manage(method: string, path: string): Promise<unknown>;
}

/** `conduit run <project>` in its own process, once its listener and management API are up. */
export async function runProject(project: string): Promise<BenchRuntime> {
  const port = await freePort();
  const child = startNode([...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CPU_PROF] : []), CLI, 'run', project, '--port', String(port), '--management-port', '0']);
  await child.line(/Management API started/, 20_000);
  const info = JSON.parse(readFileSync(join(project, '.conduit', 'management.json'), 'utf8')) as { url: string; token: string };
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    async manage(method, path) {
      const res = await fetch(info.url + path, { method, headers: { Authorization: `Bearer ${info.token}` } });
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    },
  };
}
