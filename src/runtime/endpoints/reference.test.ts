import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseXml, type XmlElement } from '../../model/xml';
import { validateProject } from '../../model/validate';
import { createFaultyBackend, type FaultyBackend } from '../../../test/helpers/backends';
import { NS, projectFromXml } from '../../../test/helpers/project-from-xml';
import { DeployError } from '../deploy-error';
import { MediationFault } from '../fault';
import { MemoryLogger } from '../logger';
import { MessageContext } from '../message';
import { deployEndpoint } from './create';
import type { Endpoint } from './endpoint';
import { HttpClient } from './http-client';

function element(xml: string): XmlElement {
  return parseXml(xml).root!;
}

describe('key-expression endpoints against real back ends', () => {
  let first: FaultyBackend;
  let second: FaultyBackend;
  const client = new HttpClient();
  const endpoints = new Map<string, Endpoint>();
  const ctx = () => ({ logger: new MemoryLogger(), client, endpoints });
  before(async () => {
    first = await createFaultyBackend();
    second = await createFaultyBackend();
    endpoints.set('First', deployEndpoint(element(`<endpoint name="First" ${NS}><http method="post" uri-template="${first.url}/first"/></endpoint>`), 'First.xml'));
    endpoints.set('Second', deployEndpoint(element(`<endpoint name="Second" ${NS}><http method="post" uri-template="${second.url}/second"/></endpoint>`), 'Second.xml'));
  });
  after(async () => {
    client.close();
    await first.close();
    await second.close();
  });

  const message = (target: string) => {
    const msg = new MessageContext();
    msg.setProperty('target', target);
    return msg;
  };

  test('the expression names the deployed endpoint each message goes to', async () => {
    const resolving = deployEndpoint(element(`<endpoint key-expression="get-property('target')" ${NS}/>`), 'api.xml');
    await resolving.send(message('Second'), ctx());
    await resolving.send(message('First'), ctx());
    assert.deepEqual([...first.requests, ...second.requests].map((r) => r.url), ['/first', '/second']);
  });

  test('a name no endpoint is deployed under faults with 305100 and MI\'s words; nothing is sent', async () => {
    const resolving = deployEndpoint(element(`<endpoint key-expression="$ctx:target" ${NS}/>`), 'api.xml');
    const sent = first.requests.length + second.requests.length;
    await assert.rejects(resolving.send(message('Third'), ctx()), (err: unknown) => {
      assert.ok(err instanceof MediationFault);
      assert.equal(err.errorCode, 305100);
      assert.equal(err.code, 'CONDUIT_REFERENCE_UNRESOLVED');
      assert.match(err.message, /^Couldn't find the endpoint with the key : Third \(key-expression \$ctx:target at api\.xml:1:1\)$/);
      return true;
    });
    assert.equal(first.requests.length + second.requests.length, sent);
  });
});

test('a key-expression that does not compile is refused at deploy; a good one is no longer reported by the validator', () => {
  assert.throws(
    () => deployEndpoint(element(`<endpoint key-expression="get-property('target'" ${NS}/>`), 'api.xml'),
    (err: unknown) => err instanceof DeployError && err.code === 'CONDUIT_EXPRESSION_INVALID',
  );
  const problems = validateProject(
    projectFromXml({ 'sequences/S.xml': `<sequence name="S" ${NS}><call><endpoint key-expression="get-property('target')"/></call></sequence>` }),
  );
  assert.deepEqual(problems.map((p) => `${p.code} ${p.message}`), []);
});
