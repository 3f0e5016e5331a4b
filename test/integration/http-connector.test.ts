/**
 * A project written as MI for VS Code 4.4 writes it (test/fixtures/mi44-http-connector): connections in
 * local entries (`<http.init>`, Basic Auth), an API calling its back end with `<http.get>`, `<http.post>`,
 * `<http.delete>` and `<http.put>` on those connections, logging `${vars.x.payload...}` and answering
 * from the response variables. The back end is a real HTTP server on an ephemeral port; the connections'
 * base URLs are pointed at it (or at a closed port) with endpoint overrides, as `conduit run
 * --endpoint-override` does.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProject } from '../../src/model/project';
import { MemoryLogger } from '../../src/runtime/logger';
import { NS, projectFromXml } from '../helpers/project-from-xml';
import { createRuntime } from '../../src/runtime/runtime';

const FIXTURE = join(__dirname, '..', 'fixtures', 'mi44-http-connector');

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The library back end: books by id behind Basic Auth, 404 for unknown ones, 201 for a created book. */
async function libraryBackend(): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const books: Record<string, unknown> = { '7': { title: 'Dune', author: 'Frank Herbert', pages: 412 } };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json', 'X-Served-By': 'library' });
        res.end(JSON.stringify(value));
      };
      if (req.headers.authorization !== 'Basic ' + Buffer.from('librarian:s3cret').toString('base64')) return json(401, { error: 'who are you' });
      const m = /^\/library\/books\/([^/?]+)/.exec(req.url!);
      if (req.method === 'GET' && m) return books[m[1]!] ? json(200, books[m[1]!]) : json(404, { error: `no book ${m[1]}` });
      if (req.method === 'POST' && req.url === '/library/books') return json(201, { id: 42, ...JSON.parse(body) });
      if (req.method === 'DELETE' && m) return json(200, { deleted: m[1] });
      json(400, { error: 'unexpected request' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: listened on once, then closed. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function start(t: import('node:test').TestContext) {
  const backend = await libraryBackend();
  t.after(() => backend.close());
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0, endpointOverrides: { 'http://localhost:9191': backend.url, 'http://localhost:9192': await closedPort() } });
  t.after(() => rt.stop());
  const report = await rt.deploy(await loadProject(FIXTURE));
  assert.deepEqual(report.failed, [], logger.lines().join('\n'));
  return { backend, logger, rt };
}

const logged = (logger: MemoryLogger) => logger.records.filter((r) => r.category === 'LogMediator').map((r) => `${r.level} ${r.message}`);

test('http.get: the path, query and headers reach the back end with Basic Auth; the answer is built from the response variable', async (t) => {
  const { backend, logger, rt } = await start(t);
  const res = await rt.inject({ method: 'GET', url: '/books/7', headers: { 'X-Request-Id': 'r-1' } });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.text, '{"book":"Dune","pages":412,"status":200}');
  const [call] = backend.seen;
  assert.equal(call!.method, 'GET');
  assert.equal(call!.url, '/library/books/7?format=full');
  assert.equal(call!.headers['x-request-id'], 'r-1');
  assert.equal(call!.headers.accept, 'application/json');
  assert.equal(call!.headers.authorization, 'Basic ' + Buffer.from('librarian:s3cret').toString('base64'));
  assert.deepEqual(logged(logger), ['INFO {api:BooksAPI GET /books/7} Found Dune by Frank Herbert']);
});

test('http.get on a non-2xx answer: no fault; the status and the error body are in the response variable', async (t) => {
  const { logger, rt } = await start(t);
  const res = await rt.inject({ method: 'GET', url: '/books/99', headers: { 'X-Request-Id': 'r-2' } });
  assert.equal(res.status, 404, res.text);
  assert.equal(res.text, '{"error":"no book 99"}');
  assert.deepEqual(logged(logger), ['WARN {api:BooksAPI GET /books/99} Lookup failed with 404: no book 99']);
});

test('http.post: a JSON body with expressions is sent; the client\'s own body is kept (overwriteBody false)', async (t) => {
  const { backend, logger, rt } = await start(t);
  const res = await rt.inject({
    method: 'POST',
    url: '/books?shelf=B2',
    headers: { 'Content-Type': 'application/json' },
    body: '{"title":"Emma","author":"Jane Austen"}',
  });
  // InvokeMediator gives back the body, content type and headers, not HTTP_SC: the client sees the 201.
  assert.equal(res.status, 201, res.text);
  assert.equal(res.text, '{"id":42,"status":201,"submitted":{"title":"Emma","author":"Jane Austen"}}');
  const [call] = backend.seen;
  assert.equal(call!.method, 'POST');
  assert.equal(call!.url, '/library/books');
  assert.match(String(call!.headers['content-type']), /^application\/json/);
  assert.deepEqual(JSON.parse(call!.body), { title: 'Emma', author: 'Jane Austen', shelf: 'B2' });
  assert.deepEqual(logged(logger), ['INFO {api:BooksAPI POST /books?shelf=B2} Created 42 with status 201']);
});

test('http.delete without a response variable: the back end\'s answer becomes the message', async (t) => {
  const { backend, rt } = await start(t);
  const res = await rt.inject({ method: 'DELETE', url: '/books/7' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.text, '{"deleted":"7"}');
  assert.equal(backend.seen[0]!.method, 'DELETE');
  assert.equal(backend.seen[0]!.body, '');
});

test('a refused connection is a fault with ERROR_CODE 101503, handled by the fault sequence', async (t) => {
  const { logger, rt } = await start(t);
  const res = await rt.inject({ method: 'PUT', url: '/books/7/archive', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(res.status, 503, res.text);
  assert.equal(res.text, '{"error":"archive unavailable","code":"101503"}');
  assert.deepEqual(logged(logger), ['ERROR {api:BooksAPI PUT /books/7/archive} Archive failed: 101503']);
});

/** A back end behind OAuth: a token endpoint (client credentials in the Basic header) and an API taking its tokens. */
async function oauthBackend(): Promise<{ url: string; tokenRequests: Array<{ authorization?: string; body: string }>; apiAuth: string[]; revoke(): void; close(): Promise<void> }> {
  const tokenRequests: Array<{ authorization?: string; body: string }> = [];
  const apiAuth: string[] = [];
  let issued = 0;
  let valid = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/oauth/token') {
        tokenRequests.push({ authorization: req.headers.authorization, body });
        const token = `t${++issued}`;
        valid.add(token);
        return res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
      }
      apiAuth.push(String(req.headers.authorization));
      const token = String(req.headers.authorization).replace(/^Bearer /, '');
      if (!valid.has(token)) {
        res.statusCode = 401;
        return res.end('{"error":"invalid_token"}');
      }
      res.end(JSON.stringify({ ok: true, token }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokenRequests,
    apiAuth,
    revoke: () => (valid = new Set()),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('OAuth client credentials: a token is fetched once and reused, and fetched again once when the back end answers 401', async (t) => {
  const backend = await oauthBackend();
  t.after(() => backend.close());
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0 });
  t.after(() => rt.stop());
  const project = projectFromXml({
    'local-entries/SecureConn.xml': `<localEntry key="SecureConn" ${NS}><http.init><connectionType>HTTP</connectionType><baseUrl>${backend.url}/api</baseUrl>
      <authType>OAuth</authType><oauthGrantType>Client Credentials</oauthGrantType><oauthAuthorizationMode>Header</oauthAuthorizationMode>
      <oauthClientClientId>app</oauthClientClientId><oauthClientClientSecret>shh</oauthClientClientSecret><oauthClientTokenUrl>${backend.url}/oauth/token</oauthClientTokenUrl>
      <oauthClientAdditionalProperties>scope:read</oauthClientAdditionalProperties><name>SecureConn</name></http.init></localEntry>`,
    'apis/SecureAPI.xml': `<api name="SecureAPI" context="/secure" ${NS}><resource methods="GET" uri-template="/"><inSequence>
      <http.get configKey="SecureConn"><relativePath>/data</relativePath><responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></http.get>
      <payloadFactory media-type="json" template-type="default"><format>{"status":\${vars.r.attributes.statusCode},"token":"\${vars.r.payload.token}"}</format></payloadFactory>
      <respond/></inSequence></resource></api>`,
  });
  const report = await rt.deploy(project);
  assert.deepEqual(report.failed, [], logger.lines().join('\n'));

  assert.equal((await rt.inject({ method: 'GET', url: '/secure' })).text, '{"status":200,"token":"t1"}');
  assert.equal((await rt.inject({ method: 'GET', url: '/secure' })).text, '{"status":200,"token":"t1"}');
  assert.equal(backend.tokenRequests.length, 1);
  assert.equal(backend.tokenRequests[0]!.authorization, 'Basic ' + Buffer.from('app:shh').toString('base64'));
  assert.deepEqual(Object.fromEntries(new URLSearchParams(backend.tokenRequests[0]!.body)), { grant_type: 'client_credentials', scope: 'read' });

  backend.revoke();
  assert.equal((await rt.inject({ method: 'GET', url: '/secure' })).text, '{"status":200,"token":"t2"}');
  assert.equal(backend.tokenRequests.length, 2);
  assert.deepEqual(backend.apiAuth, ['Bearer t1', 'Bearer t1', 'Bearer t1', 'Bearer t2']);
});

test('a connection\'s suspension: after a refused connection it fails fast (303001) until its suspension ends', async (t) => {
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0 });
  t.after(() => rt.stop());
  const dead = await closedPort();
  const project = projectFromXml({
    'local-entries/DeadConn.xml': `<localEntry key="DeadConn" ${NS}><http.init><baseUrl>${dead}</baseUrl><authType>None</authType>
      <suspendErrorCodes>101503</suspendErrorCodes><suspendInitialDuration>600000</suspendInitialDuration><name>DeadConn</name></http.init></localEntry>`,
    'apis/DeadAPI.xml': `<api name="DeadAPI" context="/dead" ${NS}><resource methods="GET" uri-template="/"><inSequence>
      <http.get configKey="DeadConn"><relativePath>/x</relativePath></http.get><respond/></inSequence>
      <faultSequence><payloadFactory media-type="json" template-type="default"><format>{"code":"\${props.synapse.ERROR_CODE}"}</format></payloadFactory><respond/></faultSequence></resource></api>`,
  });
  assert.deepEqual((await rt.deploy(project)).failed, [], logger.lines().join('\n'));
  assert.equal((await rt.inject({ method: 'GET', url: '/dead' })).text, '{"code":"101503"}');
  assert.equal((await rt.inject({ method: 'GET', url: '/dead' })).text, '{"code":"303001"}');
  assert.ok(logger.lines().some((l) => /Suspending endpoint : DeadConn_INTERNAL_ENDPOINT_REFERENCE/.test(l)), logger.lines().join('\n'));
});
