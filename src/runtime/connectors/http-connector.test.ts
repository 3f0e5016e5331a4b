import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateProject } from '../../model/validate';
import { harness } from '../../../test/helpers/mediation';
import { NS, projectFromXml } from '../../../test/helpers/project-from-xml';
import { DeployError } from '../deploy-error';
import { joinUrl } from './http-connector';

const CONN = `<localEntry key="Conn" ${NS}><http.init><baseUrl>http://localhost:9191</baseUrl><authType>None</authType><name>Conn</name></http.init></localEntry>`;

test('an HTTP connector operation with a bad parameter: refused at deploy and reported by the validator in the same words', () => {
  for (const [operation, code, words] of [
    ['<http.get><relativePath>/a</relativePath></http.get>', 'CONDUIT_SCHEMA_MISSING_ATTRIBUTE', /^<http.get> needs a configKey naming the local entry/],
    ['<http.post configKey="Conn"><overwriteBody>maybe</overwriteBody></http.post>', 'CONDUIT_ARTIFACT_INVALID', /^<http.post>: overwriteBody must be true or false, not 'maybe'$/],
    ['<http.put configKey="Conn"><requestBodyType>YAML</requestBodyType></http.put>', 'CONDUIT_ARTIFACT_INVALID', /^<http.put>: requestBodyType must be one of JSON, XML, TEXT, not 'YAML'$/],
    ['<http.get configKey="Conn"><headers>{"a":"b"}</headers></http.get>', 'CONDUIT_ARTIFACT_INVALID', /^<http.get>: headers must be a JSON array/],
  ] as const) {
    let runtime: DeployError | undefined;
    try {
      harness().compile(operation);
    } catch (err) {
      if (err instanceof DeployError) runtime = err;
      else throw err;
    }
    assert.equal(runtime?.code, code, operation);
    assert.match(runtime!.message, words);
    const problems = validateProject(projectFromXml({ 'sequences/S.xml': `<sequence name="S" ${NS}>${operation}</sequence>`, 'local-entries/Conn.xml': CONN }));
    assert.deepEqual(
      problems.map((p) => `${p.code} ${p.message}`),
      [`${code} ${runtime!.message}`],
    );
  }
});

test('a valid operation and its connection give no problem; a parameter the operation does not take is a warning', () => {
  const ok = `<http.post configKey="Conn"><relativePath>/x/\${vars.id}</relativePath><headers>[["A","\${vars.id}"]]</headers><requestBodyType>JSON</requestBodyType><requestBodyJson>{"a":1}</requestBodyJson><responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></http.post><log><message>\${vars.r.payload.a}</message></log>`;
  const seq = (body: string) => ({ 'sequences/S.xml': `<sequence name="S" ${NS}><variable name="id" value="1"/>${body}</sequence>`, 'local-entries/Conn.xml': CONN });
  assert.deepEqual(validateProject(projectFromXml(seq(ok))), []);
  const extra = validateProject(projectFromXml(seq('<http.get configKey="Conn"><body>x</body></http.get>')));
  assert.deepEqual(
    extra.map((p) => `${p.severity} ${p.code}`),
    ['warning CONDUIT_SCHEMA_UNKNOWN_ELEMENT'],
  );
});

test('a connection with a value of the wrong type is reported on the local entry', () => {
  const bad = `<localEntry key="Conn" ${NS}><http.init><baseUrl>http://x</baseUrl><retryCount>often</retryCount></http.init></localEntry>`;
  const problems = validateProject(projectFromXml({ 'local-entries/Conn.xml': bad }));
  assert.deepEqual(
    problems.map((p) => `${p.code} ${p.message}`),
    ["CONDUIT_ARTIFACT_INVALID the HTTP connection: retryCount must be a whole number, not 'often'"],
  );
});

test('base URL and relative path are joined as the connector joins them', () => {
  assert.deepEqual(joinUrl('http://h/api/', '/users'), { base: 'http://h/api/', path: 'users' });
  assert.deepEqual(joinUrl('http://h/api', 'users'), { base: 'http://h/api/', path: 'users' });
  assert.deepEqual(joinUrl('http://h/api', '/users'), { base: 'http://h/api', path: '/users' });
  assert.deepEqual(joinUrl('http://h/api', '?q=1'), { base: 'http://h/api', path: '?q=1' });
  assert.deepEqual(joinUrl(' http://h/api ', ''), { base: 'http://h/api', path: '' });
});
