import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { NS, projectFromXml } from '../helpers/project-from-xml';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime } from '../../src/runtime/runtime';
import { validateProject } from '../../src/model/validate';
import { elementToString } from '../../src/model/xml';
import { buildHttpConnection } from '../../src/model/builders/connection';

const api = `<api name="A" context="/a" ${NS}><resource methods="GET" uri-template="/"><inSequence>
  <http.get configKey="Conn"><relativePath>/hello</relativePath><responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></http.get>
  <payloadFactory media-type="json" template-type="default"><format>{"got":\${vars.r.payload}}</format></payloadFactory><respond/></inSequence></resource></api>`;

test('each kind of connection the wizard writes is valid and names its parameters as the catalog does', () => {
  const none = elementToString(buildHttpConnection({ name: 'Conn', auth: 'None', values: { baseUrl: 'http://localhost:9090/api', timeoutDuration: '5000' } }));
  assert.match(none, /<localEntry key="Conn"[^>]*><http\.init><connectionType>HTTP<\/connectionType><baseUrl>http:\/\/localhost:9090\/api<\/baseUrl><authType>None<\/authType><timeoutDuration>5000<\/timeoutDuration><retryCount>0<\/retryCount><retryDelay>0<\/retryDelay><suspendInitialDuration>-1<\/suspendInitialDuration><timeoutAction>Never<\/timeoutAction><name>Conn<\/name><\/http\.init><\/localEntry>/);
  const basic = elementToString(buildHttpConnection({ name: 'Conn', auth: 'Basic Auth', values: { baseUrl: 'http://h', basicCredentialsUsername: 'u', basicCredentialsPassword: 'p' } }));
  const oauth = elementToString(buildHttpConnection({ name: 'Conn', auth: 'OAuth', values: { baseUrl: 'http://h', oauthClientClientId: 'c', oauthClientClientSecret: 's', oauthClientTokenUrl: 'http://h/token' } }));
  assert.match(oauth, /<oauthGrantType>Client Credentials<\/oauthGrantType>[\s\S]*<oauthClientTokenUrl>http:\/\/h\/token<\/oauthClientTokenUrl>/);
  for (const entry of [none, basic, oauth]) assert.deepEqual(validateProject(projectFromXml({ 'local-entries/Conn.xml': entry, 'apis/A.xml': api })), [], entry);
  assert.throws(() => buildHttpConnection({ name: 'Conn', auth: 'Basic Auth', values: { baseUrl: 'http://h' } }), /User name/);
  assert.throws(() => buildHttpConnection({ name: 'Conn', auth: 'None', values: { baseUrl: 'http://h', retryCount: 'often' } }), /whole number/);
});

test('a Basic Auth connection the wizard writes runs: the back end gets the credentials', async (t) => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(String(req.headers.authorization));
    res.setHeader('Content-Type', 'application/json');
    res.end('{"hello":"world"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entry = elementToString(buildHttpConnection({ name: 'Conn', auth: 'Basic Auth', values: { baseUrl: url, basicCredentialsUsername: 'ann', basicCredentialsPassword: 'pw' } }));
  const logger = new MemoryLogger();
  const rt = createRuntime({ logger, port: 0 });
  t.after(() => rt.stop());
  assert.deepEqual((await rt.deploy(projectFromXml({ 'local-entries/Conn.xml': entry, 'apis/A.xml': api }))).failed, [], logger.lines().join('\n'));
  assert.equal((await rt.inject({ method: 'GET', url: '/a' })).text, '{"got":{"hello":"world"}}');
  assert.deepEqual(seen, ['Basic ' + Buffer.from('ann:pw').toString('base64')]);
});
