/**
 * The management API over real HTTP: the bearer token is required, stores can be listed, browsed
 * and purged, processors listed, deactivated and activated; the token file is owner-only.
 */
import { PROCESSOR_CLASSES } from '../../model/catalog/message-processors';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TestHost } from '../../../test/helpers/processor-host';
import { sendWhileReadingLate, sendWholeThenRead } from '../../../test/helpers/raw-http';
import { n, storedMessage } from '../../../test/helpers/stored-message';
import { createProcessor } from '../processors/factory';
import { InMemoryStore } from '../stores/in-memory';
import type { StoredMessage } from '../stores/types';
import { createManagementServer, type ServerStatus } from './server';
import { readManagementFile, writeManagementFile } from '../../model/management-file';

test('management API: auth, stores and processors', async (t) => {
  const store = new InMemoryStore('PaymentRequestMessageStore');
  for (let i = 1; i <= 3; i++) await store.store(storedMessage({ n: i }));
  const host = new TestHost();
  host.stores.set(store.name, store);
  const processor = createProcessor(
    { name: 'PaymentRequestProcessor', className: PROCESSOR_CLASSES.sampling, messageStore: store.name, parameters: { sequence: 'Seq', 'is.active': 'false' } },
    host,
  );
  await processor.start();
  const api = await createManagementServer({ stores: [store], processors: () => [processor], port: 0 });
  t.after(async () => {
    await processor.stop();
    await api.close();
  });
  const call = (method: string, path: string, token: string | null = api.token) =>
    fetch(api.url + path, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} });

  assert.equal((await call('GET', '/stores', null)).status, 401);
  const wrong = await call('GET', '/stores', 'x'.repeat(api.token.length));
  assert.equal(wrong.status, 401);
  assert.equal(((await wrong.json()) as { code: string }).code, 'CONDUIT_MANAGEMENT_UNAUTHORIZED');
  assert.equal((await call('DELETE', '/stores/PaymentRequestMessageStore/messages', null)).status, 401);
  assert.equal(await store.size(), 3, 'nothing purged without the token');

  assert.deepEqual(await (await call('GET', '/stores')).json(), [{ name: 'PaymentRequestMessageStore', kind: 'in-memory', size: 3 }]);
  const browsed = (await (await call('GET', '/stores/PaymentRequestMessageStore/messages?limit=2')).json()) as StoredMessage[];
  assert.deepEqual(browsed.map(n), [1, 2]);
  assert.equal((await call('GET', '/stores/Nope/messages')).status, 404);

  assert.deepEqual(await (await call('GET', '/processors')).json(), [
    { name: 'PaymentRequestProcessor', kind: 'sampling', store: 'PaymentRequestMessageStore', state: 'inactive' },
  ]);
  assert.deepEqual(await (await call('POST', '/processors/PaymentRequestProcessor/activate')).json(), { name: 'PaymentRequestProcessor', state: 'active' });
  assert.equal(processor.state(), 'active');
  assert.deepEqual(await (await call('POST', '/processors/PaymentRequestProcessor/deactivate')).json(), { name: 'PaymentRequestProcessor', state: 'inactive' });
  assert.equal((await call('GET', '/processors/PaymentRequestProcessor/activate')).status, 405);

  assert.deepEqual(await (await call('DELETE', '/stores/PaymentRequestMessageStore/messages')).json(), { purged: 3 });
  assert.equal(await store.size(), 0);

  assert.equal((await call('GET', '/server', null)).status, 401);
  const status = (await (await call('GET', '/server?gc=true')).json()) as ServerStatus;
  assert.equal(status.pid, process.pid);
  assert.ok(status.memory.heapUsed > 0 && status.memory.heapUsed <= status.memory.heapTotal);
  assert.equal(status.collected, typeof (globalThis as { gc?: unknown }).gc === 'function', 'says whether it collected');
  assert.equal((await call('POST', '/server')).status, 405);
});

test('the token file is written owner-only and read back', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-mgmt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = await writeManagementFile(dir, { url: 'http://127.0.0.1:9164', port: 9164, token: 'abc', pid: process.pid });
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(await readManagementFile(dir), { url: 'http://127.0.0.1:9164', port: 9164, token: 'abc', pid: process.pid });
  assert.equal(await readManagementFile(join(dir, 'none')), undefined);
});

test('an answer sent while the client still uploads a body, or to a head that does not parse, reaches the client', async (t) => {
  const api = await createManagementServer({ stores: [], processors: [], port: 0 });
  t.after(() => api.close());
  const body = Buffer.alloc(256 * 1024, 'a');
  const head = `POST /server HTTP/1.1\r\nHost: a\r\nConnection: close\r\nAuthorization: Bearer ${api.token}\r\nContent-Length: ${body.length}\r\n\r\n`;
  const anonymous = `DELETE /stores/x/messages HTTP/1.1\r\nHost: a\r\nContent-Length: ${body.length}\r\n\r\n`;
  for (let i = 0; i < 5; i++) {
    for (const send of [sendWhileReadingLate, sendWholeThenRead]) {
      assert.match(await send(api.port, head, body), /^HTTP\/1\.1 405 /);
      assert.match(await send(api.port, anonymous, body), /^HTTP\/1\.1 401 /);
      assert.match(await send(api.port, 'NOT HTTP\r\n\r\n', body), /^HTTP\/1\.1 400 /);
    }
  }
});
