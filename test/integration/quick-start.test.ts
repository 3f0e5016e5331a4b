// Keeps the README's quick start true: `npm run healthcare` (scripts/healthcare.mjs) runs the
// store-and-forward healthcare sample on the embedded store, the client gets the tutorial's answer and
// the message processor settles the stored payment with the real back end.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');

test('the healthcare quick start serves the reservation and settles the payment', { timeout: 90_000 }, async () => {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'healthcare.mjs'), '--once', '--port', '0', '--backend-port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, output);
  assert.match(output, /← 200 \{"message":" Payment request successfully submitted\. Payment confirmation will be sent via email \."\}/);
  assert.match(output, /INFO \{LogMediator\} - To: http:\/\/www\.w3\.org\/2005\/08\/addressing\/anonymous, .*"paymentID":"[0-9a-f-]{36}","status":"Settled"\}/);
  assert.match(output, /RabbitMQ store served by the embedded durable store/);
});
