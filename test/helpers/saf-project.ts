/**
 * Small store-and-forward projects written to a temporary folder (MI layout) for tests that run them
 * in a real `conduit run` process: an API that stores each POSTed payment request and answers 200 only
 * once it is stored (`POST /saf/<store>` for forwarding, `POST /saf/sampled/<store>` for sampling), a store (embedded or RabbitMQ), an endpoint to the hospital back end's
 * /healthcare/payments, and the processors a test asks for. Also the payment bodies and a client.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS } from './project-from-xml';

export const EMBEDDED = 'org.conduit.store.EmbeddedStore';
export const RABBITMQ = 'org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore';
export const FORWARDING = 'org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor';
export const SAMPLING = 'org.apache.synapse.message.processor.impl.sampler.SamplingProcessor';

/** Where a store keeps its messages. */
export type StoreSpec = { kind: 'embedded' } | { kind: 'rabbitmq'; port: number; queue: string; confirms?: boolean };

export interface ProcessorSpec {
  name: string;
  className: string;
  store: string;
  parameters: Record<string, string>;
}

export interface SafProjectOptions {
  /** Store name → where it keeps messages. `POST /saf/<store>` stores into it. */
  stores: Record<string, StoreSpec>;
  processors: ProcessorSpec[];
}

/** The hospital back end's address in the project; runtimes map it with --endpoint-override. */
export const BACKEND = 'http://localhost:9090';

function storeXml(name: string, spec: StoreSpec): string {
  if (spec.kind === 'embedded') return `<messageStore name="${name}" class="${EMBEDDED}" ${NS}/>`;
  const p = {
    'store.rabbitmq.host.name': '127.0.0.1',
    'store.rabbitmq.host.port': String(spec.port),
    'store.rabbitmq.queue.name': spec.queue,
    'store.producer.guaranteed.delivery.enable': String(spec.confirms ?? true),
    // reconnect quickly once the broker is back
    'rabbitmq.connection.retry.interval': '500',
  };
  return `<messageStore name="${name}" class="${RABBITMQ}" ${NS}>
${Object.entries(p).map(([k, v]) => `  <parameter name="${k}">${v}</parameter>`).join('\n')}
</messageStore>`;
}

function processorXml(p: ProcessorSpec): string {
  return `<messageProcessor name="${p.name}" class="${p.className}" messageStore="${p.store}" ${NS}>
${Object.entries(p.parameters).map(([k, v]) => `  <parameter name="${k}">${v}</parameter>`).join('\n')}
</messageProcessor>`;
}

/** Writes the project into a new temporary folder and returns the folder. */
export async function writeSafProject(options: SafProjectOptions, parent = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(parent, 'conduit-saf-'));
  const files: Record<string, string> = {
    // OUT_ONLY travels with the stored message: a forwarding processor needs no reply sequence. A
    // sampling processor's sequence gets messages without it, or its call would not wait for the answer.
    'apis/SafAPI.xml': `<api name="SafAPI" context="/saf" ${NS}>
  <resource methods="POST" uri-template="/{store}">
    <inSequence>
      <property name="OUT_ONLY" value="true"/>
      <store messageStore="{get-property('uri.var.store')}"/>
      <respond/>
    </inSequence>
    <faultSequence/>
  </resource>
  <resource methods="POST" uri-template="/sampled/{store}">
    <inSequence>
      <store messageStore="{get-property('uri.var.store')}"/>
      <respond/>
    </inSequence>
    <faultSequence/>
  </resource>
</api>`,
    // a failed call is not remembered: every retry reaches the back end (MI's default suspends 30 s)
    'endpoints/SettleEP.xml': `<endpoint name="SettleEP" ${NS}>
  <http method="post" uri-template="${BACKEND}/healthcare/payments">
    <suspendOnFailure><initialDuration>0</initialDuration></suspendOnFailure>
  </http>
</endpoint>`,
    'sequences/SettleSeq.xml': `<sequence name="SettleSeq" ${NS}>
  <call><endpoint key="SettleEP"/></call>
  <log level="full"/>
  <drop/>
</sequence>`,
  };
  for (const [name, spec] of Object.entries(options.stores)) files[`message-stores/${name}.xml`] = storeXml(name, spec);
  for (const p of options.processors) files[`message-processors/${p.name}.xml`] = processorXml(p);
  for (const [rel, text] of Object.entries(files)) {
    const file = join(dir, 'src', 'main', 'wso2mi', 'artifacts', rel);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`);
  }
  return dir;
}

/** A payment request as tutorial 5's payloadFactory builds it, which the hospital back end settles. */
export function payment(appointmentNumber: number): object {
  return {
    appointmentNumber,
    doctor: { name: 'thomas collins', hospital: 'grand oak community hospital', category: 'surgery', availability: '9.00 a.m - 11.00 a.m', fee: 7000.0 },
    patient: { name: 'John Doe', dob: '1940-03-19', ssn: '234-23-525', address: 'California', phone: '8770586755', email: 'johndoe@gmail.com' },
    fee: 7000.0,
    confirmed: 'false',
    card_number: '7844481124110331',
  };
}

export interface StoreOutcome {
  status: number;
  body: string;
}

/** POSTs payment requests `from..to` to `<runtime>/saf/<store>` with `concurrency` clients; every answer, by number. */
export async function storePayments(url: string, store: string, from: number, to: number, concurrency = 16): Promise<Map<number, StoreOutcome>> {
  const out = new Map<number, StoreOutcome>();
  let next = from;
  const worker = async () => {
    while (next <= to) {
      const n = next++;
      const res = await fetch(`${url}/saf/${store}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payment(n)) });
      out.set(n, { status: res.status, body: await res.text() });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/**
 * Polls `remaining` until it is 0. A backlog drains as long as it keeps shrinking, however slow the
 * machine; only `stallMs` without any progress fails, so a lost message fails the wait and a slow
 * machine does not.
 */
export async function drained(remaining: () => number | Promise<number>, what: (left: number) => string, stallMs = 30_000): Promise<void> {
  let left = await remaining();
  let progressAt = Date.now();
  while (left > 0) {
    if (Date.now() - progressAt > stallMs) throw new Error(`no progress for ${stallMs / 1000} s: ${what(left)}`);
    await new Promise((r) => setTimeout(r, 100));
    const now = await remaining();
    if (now < left) progressAt = Date.now();
    left = now;
  }
}

/** Polls `check` until it holds; rejects with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 30_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
