/**
 * A project partly refused by `conduit run`: a request to a refused API's context is told why in a JSON
 * error (not a bare 404), the management API lists what was refused, and fixing the file clears it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readManagementFile } from '../../src/model/management-file';
import { NS } from '../helpers/project-from-xml';
import { killAllRuntimes, startRuntime } from '../helpers/runtime-process';

after(killAllRuntimes);

const api = (name: string, context: string, mediators: string, version = '') =>
  `<api ${NS} name="${name}" context="${context}"${version}><resource methods="GET" uri-template="/*"><inSequence>${mediators}</inSequence></resource></api>`;
const ANSWER = '<payloadFactory media-type="json"><format>{"ok":true}</format><args/></payloadFactory><respond/>';
/** A mediator MI runs and Conduit does not: the API is refused as unsupported. */
const UNSUPPORTED = '<dbreport><connection><pool><driver>org.h2.Driver</driver><url>jdbc:h2:mem:x</url><user>sa</user><password></password></pool></connection><statement><sql>SELECT 1</sql></statement></dbreport>';

test('a request to a refused API gets a JSON error naming the API and why; the management API lists it; a fix clears it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-refused-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const apis = join(dir, 'src', 'main', 'wso2mi', 'artifacts', 'apis');
  mkdirSync(apis, { recursive: true });
  writeFileSync(join(apis, 'Good.xml'), api('Good', '/good', ANSWER));
  writeFileSync(join(apis, 'Reports.xml'), api('Reports', '/reports', UNSUPPORTED));
  writeFileSync(join(apis, 'Orders.xml'), api('Orders', '/orders', UNSUPPORTED, ' version="v2" version-type="context"'));
  const rt = await startRuntime(dir, ['--watch']);

  assert.equal((await fetch(`${rt.url}/good/x`)).status, 200);
  const res = await fetch(`${rt.url}/reports/daily?from=today`);
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const { error } = (await res.json()) as { error: { code: string; message: string; api: string; file: string } };
  assert.equal(error.code, 'CONDUIT_DEPLOY_FAILED');
  assert.equal(error.api, 'Reports');
  assert.equal(error.file, join(apis, 'Reports.xml'));
  assert.match(error.message, /^the API Reports \(context \/reports\) is not running: CONDUIT_UNSUPPORTED <dbreport>/);
  const versioned = (await (await fetch(`${rt.url}/orders/v2/list`)).json()) as { error: { api: string } };
  assert.equal(versioned.error.api, 'Orders');
  // A path under no API's context is still MI's bare 404; a context that only starts alike is not the API's.
  for (const path of ['/nothing', '/reportsarchive']) {
    const other = await fetch(`${rt.url}${path}`);
    assert.equal(other.status, 404);
    assert.equal(await other.text(), '', path);
  }

  const info = await readManagementFile(dir);
  assert.ok(info, 'the runtime wrote its management file');
  const listed = async () => {
    const r = await fetch(`http://127.0.0.1:${info.port}/artifacts`, { headers: { Authorization: `Bearer ${info.token}` } });
    assert.equal(r.status, 200);
    return (await r.json()) as { deployed: string[]; refused: Array<{ kind: string; name: string; code: string; line: number; context: string }> };
  };
  const before = await listed();
  assert.deepEqual(before.deployed, ['api:Good']);
  assert.deepEqual(
    before.refused.map((r) => [r.kind, r.name, r.code, r.context, r.line]).sort(),
    [
      ['api', 'Orders', 'CONDUIT_UNSUPPORTED', '/orders', 1],
      ['api', 'Reports', 'CONDUIT_UNSUPPORTED', '/reports', 1],
    ],
  );

  writeFileSync(join(apis, 'Reports.xml'), api('Reports', '/reports', ANSWER));
  await rt.waitFor(/API named 'Reports' has been deployed/, 20_000);
  assert.equal((await fetch(`${rt.url}/reports/daily`)).status, 200);
  assert.deepEqual((await listed()).refused.map((r) => r.name), ['Orders']);
});
