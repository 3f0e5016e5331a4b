import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readArtifact } from './artifacts';
import { readInbound } from './inbound-definition';
import type { Artifact } from './types';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

function inbound(attrs: string, params = ''): Artifact {
  const { artifact } = readArtifact('/p/inbound-endpoints/I.xml', `<inboundEndpoint ${S} name="I" ${attrs}><parameters>${params}</parameters></inboundEndpoint>`);
  assert.ok(artifact);
  return artifact;
}

const port = (v: string) => `<parameter name="inbound.http.port">${v}</parameter>`;

test('an HTTP inbound endpoint as MI for VS Code writes it', () => {
  const r = readInbound(inbound('protocol="http" sequence="In" onError="Err" suspend="false"', port('8285')));
  assert.deepEqual(r.problems, []);
  assert.deepEqual({ ...r.inbound, dispatchPattern: undefined }, { protocol: 'http', name: 'I', sequence: 'In', onError: 'Err', suspended: false, port: 8285, dispatchPattern: undefined });
});

test('suspend="true" deploys suspended; dispatch.filter.pattern matches the whole path as Java does', () => {
  const r = readInbound(inbound('protocol="http" sequence="In" suspend="true"', port('8285') + '<parameter name="dispatch.filter.pattern">/api/.*</parameter>'));
  assert.equal(r.inbound?.suspended, true);
  assert.equal(r.inbound?.dispatchPattern?.matches('/api/orders?x=1'), true);
  assert.equal(r.inbound?.dispatchPattern?.matches('/other/api/x'), false);
});

test('a port that is missing, not a number or out of range refuses the inbound endpoint at the parameter', () => {
  for (const [params, words] of [
    ['', /needs the inbound\.http\.port parameter/],
    [port('80a'), /Please provide port number as integer instead of port 80a/],
    [port('0'), /is not a port from 1 to 65535/],
    [port('70000'), /is not a port from 1 to 65535/],
  ] as const) {
    const r = readInbound(inbound('protocol="http" sequence="In"', params));
    assert.equal(r.inbound, undefined);
    assert.equal(r.refusal?.code, 'CONDUIT_INBOUND_CONFIG_INVALID');
    assert.match(r.refusal!.message, words);
  }
});

test('protocols and classes Conduit does not run are refused as unsupported', () => {
  assert.equal(readInbound(inbound('protocol="kafka" sequence="In"')).refusal?.code, 'CONDUIT_UNSUPPORTED');
  assert.equal(readInbound(inbound('class="org.example.Custom" sequence="In"')).refusal?.code, 'CONDUIT_UNSUPPORTED');
  assert.equal(readInbound(inbound('sequence="In"')).refusal?.code, 'CONDUIT_ARTIFACT_INVALID');
});
