import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readArtifact } from './artifacts';
import { readProxy } from './proxy-definition';
import type { Artifact } from './types';
import { ProjectIndex } from './validate/project-index';
import { validateArtifact } from './validate/validate';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

function proxy(attrs: string, body: string): Artifact {
  const { artifact } = readArtifact('/p/proxy-services/P.xml', `<proxy ${S} name="P" ${attrs}>${body}</proxy>`);
  assert.ok(artifact);
  return artifact;
}

const passThrough = '<target><endpoint><address uri="http://localhost:9000/services/Quote"/></endpoint></target>';

test('a pass-through proxy: every transport, started, its inline endpoint as the target', () => {
  const r = readProxy(proxy('', passThrough));
  assert.deepEqual(r.problems, []);
  assert.equal(r.proxy?.startOnLoad, true);
  assert.equal(r.proxy?.servedOverHttp, true);
  assert.equal(r.proxy?.endpoint?.local, 'endpoint');
  assert.equal(r.proxy?.inSequence, undefined);
});

test('target slots read as ProxyServiceFactory does: the attribute wins over the inline element', () => {
  const r = readProxy(proxy('transports="https http" startOnLoad="true"', '<target inSequence="In" endpoint="Ep"><inSequence><log/></inSequence><outSequence><send/></outSequence><endpoint><address uri="http://x"/></endpoint></target>'));
  assert.equal(r.proxy?.inSequence?.key?.value, 'In');
  assert.equal(r.proxy?.outSequence?.mediators.length, 1);
  assert.equal(r.proxy?.endpointKey, 'Ep');
  assert.equal(r.proxy?.endpoint, undefined);
  assert.deepEqual(r.proxy?.transports, ['https', 'http']);
});

test('startOnLoad, transports and inbound.only decide whether the proxy is served over HTTP', () => {
  assert.equal(readProxy(proxy('startOnLoad="false"', passThrough)).proxy?.startOnLoad, false);
  assert.equal(readProxy(proxy('transports="all"', passThrough)).proxy?.servedOverHttp, true);
  const jms = readProxy(proxy('transports="jms"', passThrough));
  assert.equal(jms.proxy?.servedOverHttp, false);
  assert.deepEqual(jms.problems.map((p) => `${p.severity} ${p.code}`), ['warning CONDUIT_UNSUPPORTED']);
  assert.equal(jms.refusal, undefined, 'deployed, not served');
  assert.equal(readProxy(proxy('', `${passThrough}<parameter name="inbound.only">true</parameter>`)).proxy?.servedOverHttp, false);
});

test('what MI refuses is refused, and WS-Security is not served without its security', () => {
  const noTarget = readProxy(proxy('', '<parameter name="x">1</parameter>'));
  assert.equal(noTarget.refusal?.code, 'CONDUIT_ARTIFACT_INVALID');
  assert.match(noTarget.refusal!.message, /Target is required/);
  const outOnly = readProxy(proxy('', '<target><outSequence><send/></outSequence></target>'));
  assert.match(outOnly.refusal!.message, /either an inSequence or endpoint or both/);
  const sec = readProxy(proxy('', `${passThrough}<enableSec/>`));
  assert.equal(sec.refusal?.code, 'CONDUIT_UNSUPPORTED');
  assert.equal(sec.proxy, undefined);
});

test('publishWSDL: inline WSDL 1.1, a registry key, or a location Conduit does not fetch', () => {
  const inline = readProxy(proxy('', `${passThrough}<publishWSDL><wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" name="Q"/></publishWSDL>`));
  assert.equal(inline.proxy?.wsdl?.kind, 'inline');
  assert.deepEqual(readProxy(proxy('', `${passThrough}<publishWSDL key="conf:/q.wsdl"/>`)).proxy?.wsdl, { kind: 'key', key: 'conf:/q.wsdl' });
  const remote = readProxy(proxy('', `${passThrough}<publishWSDL uri="http://example.com/q?wsdl"/>`));
  assert.equal(remote.proxy?.wsdl?.kind, 'remote');
  assert.deepEqual(remote.problems.map((p) => p.code), ['CONDUIT_UNSUPPORTED']);
});

test('the validator reports what the runtime refuses, and target references nothing answers to', () => {
  const broken = proxy('', '<target inSequence="Missing"/>');
  const problems = validateArtifact(broken, ProjectIndex.of({ artifacts: [broken], registry: new Map() }));
  assert.deepEqual(problems.map((p) => p.code).sort(), ['CONDUIT_REFERENCE_UNRESOLVED']);
  const noTarget = proxy('', '');
  assert.deepEqual(validateArtifact(noTarget, ProjectIndex.of({ artifacts: [noTarget], registry: new Map() })).map((p) => p.code), ['CONDUIT_ARTIFACT_INVALID']);
});
