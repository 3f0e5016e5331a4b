/**
 * A private RabbitMQ node for tests that stop and start the broker: scripts/rabbitmq/start.sh with its
 * own AMQP port, node name, distribution port and data folder, so the shared broker on 5672 (and every
 * other test using it) is never touched. Outside CI a machine without RabbitMQ skips such tests; in CI
 * (CI=true) it fails them.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createServer, type AddressInfo } from 'node:net';

/** A port the OS hands out as free (bound to 0, then released), for what cannot be told to pick one (a broker, an inbound endpoint). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const SCRIPTS = join(__dirname, '..', '..', 'scripts', 'rabbitmq');
const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

export interface PrivateBroker {
  readonly port: number;
  readonly url: string;
  readonly dataDir: string;
  /** Stops the node cleanly (rabbitmqctl shutdown); durable queues and persistent messages stay on disk. */
  stop(): Promise<void>;
  /** Starts the node again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops the node and removes its data folder. */
  dispose(): Promise<void>;
}

function script(name: string, dataDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [join(SCRIPTS, name), dataDir], { env: { ...process.env, ...env }, timeout: 120_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`${name} failed: ${err.message}\n${stderr}`));
      else resolve();
    });
  });
}

/** False (and the test skipped) when RabbitMQ is not installed; in CI a missing install fails the test. */
export function needBrokerInstall(t: TestContext): boolean {
  if (existsSync(SERVER)) return true;
  if (process.env.CI === 'true') throw new Error(`RabbitMQ is not installed (${SERVER}), and CI must run these tests`);
  t.skip(`RabbitMQ is not installed (${SERVER}); scripts/rabbitmq/start.sh installs it as root`);
  return false;
}

/** Starts a private node and resolves once it accepts AMQP connections. */
export async function startPrivateBroker(): Promise<PrivateBroker> {
  const dataDir = await mkdtemp(join(tmpdir(), 'conduit-broker-'));
  const port = await freePort();
  const env = {
    RMQ_PORT: String(port),
    RMQ_DIST_PORT: String(await freePort()),
    RMQ_NODENAME: `conduit-test-${randomUUID().slice(0, 8)}@localhost`,
    RMQ_MGMT: '0',
  };
  let running = false;
  const broker: PrivateBroker = {
    port,
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    dataDir,
    async start() {
      await script('start.sh', dataDir, env);
      running = true;
    },
    async stop() {
      running = false;
      await script('stop.sh', dataDir, env);
    },
    async dispose() {
      if (running) await broker.stop().catch(() => {});
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await broker.start();
  } catch (err) {
    await broker.dispose();
    throw err;
  }
  return broker;
}
