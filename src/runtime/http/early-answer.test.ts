import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { sendPartThenWait } from '../../../test/helpers/raw-http';
import { createHttpServer } from './early-answer';

test('a head not complete within the time limit gets 408, as Node itself answers, not 400', async (t) => {
  const server = createHttpServer({ headersTimeout: 200, requestTimeout: 300, connectionsCheckingInterval: 50 }, (_req, res) => res.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  const text = await sendPartThenWait(port, 'GET /x HTTP/1.1\r\nHost: a\r\n', Buffer.from('X-Slow: '), 3_000);
  assert.match(text ?? '<no close>', /^HTTP\/1\.1 408 /);
});
