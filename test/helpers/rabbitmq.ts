/**
 * Tests that need RabbitMQ use the broker .ci/run starts on 127.0.0.1:5672 (guest/guest), or the one
 * CONDUIT_TEST_AMQP_URL names. Outside CI a missing broker skips those tests with a printed reason;
 * in CI (CI=true) it fails them, so a broken setup can never pass unnoticed.
 */
import { connect } from 'amqplib';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { TestContext } from 'node:test';

export const AMQP_URL = process.env.CONDUIT_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

let reachable: Promise<boolean> | undefined;

export function rabbitReachable(): Promise<boolean> {
  reachable ??= connect(AMQP_URL)
    .then(async (c) => {
      await c.close();
      return true;
    })
    .catch(() => false);
  return reachable;
}

/** Call at the start of a test that needs the broker; returns false when the test was skipped. */
export async function needRabbit(t: TestContext): Promise<boolean> {
  if (await rabbitReachable()) return true;
  if (process.env.CI === 'true') throw new Error(`RabbitMQ is not reachable at ${AMQP_URL}, and CI must run these tests`);
  t.skip(`RabbitMQ is not reachable at ${AMQP_URL} (start one with scripts/rabbitmq/start.sh)`);
  return false;
}

/**
 * The broker's rabbitmqctl, for tests that administer it (vhosts, policies, closing connections).
 * .ci/run points CONDUIT_TEST_RABBITMQCTL at the broker it started; the default is the one
 * `scripts/rabbitmq/start.sh` writes for its default data folder.
 */
export const RABBITMQCTL = process.env.CONDUIT_TEST_RABBITMQCTL ?? '/tmp/conduit-rabbitmq/rabbitmqctl';

export async function rabbitmqctl(...args: string[]): Promise<void> {
  await promisify(execFile)(RABBITMQCTL, args);
}

/** Like needRabbit, and also needs rabbitmqctl; in CI a missing one fails instead of skipping. */
export async function needRabbitmqctl(t: TestContext): Promise<boolean> {
  if (!(await needRabbit(t))) return false;
  if (existsSync(RABBITMQCTL)) return true;
  if (process.env.CI === 'true') throw new Error(`rabbitmqctl not found at ${RABBITMQCTL}; CI must set CONDUIT_TEST_RABBITMQCTL`);
  t.skip(`rabbitmqctl not found at ${RABBITMQCTL} (set CONDUIT_TEST_RABBITMQCTL)`);
  return false;
}
