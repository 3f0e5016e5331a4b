import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readArtifact } from '../../model/artifacts';
import { ProjectIndex, validateArtifact } from '../../model/validate';
import { DeployError } from '../deploy-error';
import { parseEndpointElement } from './definition';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const A = '<endpoint><http method="get" uri-template="http://127.0.0.1:1/a"/></endpoint>';
const B = '<endpoint><address uri="http://127.0.0.1:1/b"/></endpoint>';

/** The validator's problems (schema aside) and the runtime's refusal of the same endpoint artifact. */
function both(body: string): { validator: Array<{ code: string; message: string }>; runtime?: { code: string; message: string } } {
  const { artifact } = readArtifact('/p/endpoints/G.xml', `<endpoint name="G" ${NS}>${body}</endpoint>`);
  assert.ok(artifact);
  const validator = validateArtifact(artifact, new ProjectIndex([artifact], new Map()))
    .filter((p) => p.code === 'CONDUIT_UNSUPPORTED' || p.code === 'CONDUIT_ARTIFACT_INVALID')
    .map((p) => ({ code: p.code, message: p.message }));
  try {
    parseEndpointElement(artifact.element, artifact.file);
    return { validator };
  } catch (err) {
    assert.ok(err instanceof DeployError, String(err));
    return { validator, runtime: { code: err.problem.code, message: err.problem.message } };
  }
}

test('groups the runtime runs deploy and the validator has nothing to say', () => {
  for (const body of [
    `<failover>${A}${B}</failover>`,
    `<failover dynamic="false" buildMessage="true">${A}<endpoint key="Other"/></failover>`,
    `<loadbalance algorithm="org.apache.synapse.endpoints.algorithms.RoundRobin" failover="false">${A}${B}</loadbalance>`,
    `<loadbalance policy="roundRobin">${A}</loadbalance>`,
    `<loadbalance algorithm="org.apache.synapse.endpoints.algorithms.WeightedRoundRobin">${A}${B.replace('</endpoint>', '<property name="loadbalance.weight" value="3"/></endpoint>')}</loadbalance>`,
    `<failover><endpoint><loadbalance>${A}${B}</loadbalance></endpoint>${B}</failover>`,
  ]) {
    const r = both(body);
    assert.deepEqual(r, { validator: [] }, body);
  }
});

test('what the runtime refuses, the validator reports with the same code and words', () => {
  const cases: Array<[string, string, RegExp]> = [
    [`<loadbalance><session type="http"/>${A}${B}</loadbalance>`, 'CONDUIT_UNSUPPORTED', /sticky sessions/],
    ['<loadbalance><member hostName="h" httpPort="80"/></loadbalance>', 'CONDUIT_UNSUPPORTED', /clustered load-balance members/],
    [`<loadbalance algorithm="org.apache.synapse.endpoints.algorithms.WeightedRRLCAlgorithm">${A}</loadbalance>`, 'CONDUIT_UNSUPPORTED', /WeightedRRLCAlgorithm is not supported/],
    [`<loadbalance algorithm="org.apache.synapse.endpoints.algorithms.RoundRobin" policy="roundRobin">${A}</loadbalance>`, 'CONDUIT_ARTIFACT_INVALID', /either 'algorithm' or 'policy'/],
    [`<loadbalance algorithm="org.apache.synapse.endpoints.algorithms.WeightedRoundRobin">${A.replace('</endpoint>', '<property name="loadbalance.weight" value="0"/></endpoint>')}</loadbalance>`, 'CONDUIT_ARTIFACT_INVALID', /greater than zero/],
    ['<failover/>', 'CONDUIT_ARTIFACT_INVALID', /needs at least one <endpoint>/],
    [`<failover>${A}<endpoint><recipientlist>${B}</recipientlist></endpoint></failover>`, 'CONDUIT_UNSUPPORTED', /<recipientlist> endpoints/],
    ['<wsdl uri="http://h/s?wsdl" service="S" port="P"/>', 'CONDUIT_UNSUPPORTED', /<wsdl> endpoints/],
  ];
  for (const [body, code, words] of cases) {
    const r = both(body);
    assert.ok(r.runtime, `the runtime deploys ${body}`);
    assert.equal(r.runtime.code, code, body);
    assert.match(r.runtime.message, words);
    assert.ok(
      r.validator.some((p) => p.code === r.runtime!.code && p.message === r.runtime!.message),
      `the validator reports "${r.runtime.message}" for ${body}: ${JSON.stringify(r.validator)}`,
    );
  }
});

test('member timeout, suspension and retryConfig are read per member', () => {
  const { artifact } = readArtifact(
    '/p/endpoints/G.xml',
    `<endpoint name="G" ${NS}><failover>
      <endpoint><http uri-template="http://h/a"><timeout><duration>250</duration></timeout>
        <suspendOnFailure><errorCodes>101503</errorCodes><initialDuration>1000</initialDuration></suspendOnFailure>
        <retryConfig><disabledErrorCodes>101504, 101505</disabledErrorCodes></retryConfig></http></endpoint>
      ${B}
    </failover></endpoint>`,
  );
  const def = parseEndpointElement(artifact!.element, '/p/endpoints/G.xml');
  assert.equal(def.kind, 'failover');
  if (def.kind !== 'failover') return;
  const [first, second] = def.members;
  assert.ok(first.kind === 'http' && second.kind === 'address');
  assert.equal(first.timeoutMs, 250);
  assert.deepEqual(first.suspension.suspendCodes, [101503]);
  assert.equal(first.suspension.initialDuration, 1000);
  assert.deepEqual(first.retry, { disabled: [101504, 101505], enabled: [] });
  assert.equal(second.timeoutMs, 60_000);
  assert.equal(def.dynamic, true);
});
