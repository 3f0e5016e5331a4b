/**
 * Tests that need RabbitMQ use the broker .ci/run starts on 127.0.0.1:5672 (guest/guest), or the one
 * CONDUIT_TEST_AMQP_URL names. Outside CI a missing broker skips those tests with a printed reason;
 * in CI (CI=true) it fails them, so a broken setup can never pass unnoticed.
 */
import { connect } from 'amqplib';
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
