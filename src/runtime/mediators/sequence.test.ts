import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateProject } from '../../model/validate';
import { harness } from '../../../test/helpers/mediation';
import { NS, projectFromXml } from '../../../test/helpers/project-from-xml';
import { setBody } from '../content';
import { DeployError } from '../deploy-error';
import { MediationFault } from '../fault';
import { MessageContext, Payload } from '../message';

function jsonMsg(body: string): MessageContext {
  const m = new MessageContext();
  setBody(m, Payload.json(body), 'application/json');
  return m;
}

function deployRoutes() {
  const h = harness();
  h.sequence('RouteA', '<log level="custom"><property name="ran" value="A"/></log>');
  h.sequence('RouteB', '<log level="custom"><property name="ran" value="B"/></log>');
  h.sequence('{RouteA}', '<log level="custom"><property name="ran" value="braces"/></log>');
  return h;
}

test('a dynamic key names the sequence per message: json-eval, XPath over a property, and ${..}', async () => {
  for (const key of ['{json-eval($.route)}', "{concat('Route', $ctx:which)}", '{${payload.route}}']) {
    const h = deployRoutes();
    const seq = h.compile(`<property name="which" expression="json-eval($.which)"/><sequence key="${key}"/>`);
    assert.equal((await h.run(seq, jsonMsg('{"route":"RouteB","which":"B"}'))).result, true, key);
    assert.equal((await h.run(seq, jsonMsg('{"route":"RouteA","which":"A"}'))).result, true, key);
    assert.deepEqual(h.logLines(), ['ran = B', 'ran = A'], key);
  }
});

test('a dynamic key naming no deployed sequence faults as an undeployed static key does', async () => {
  const h = deployRoutes();
  const seq = h.compile('<sequence key="{json-eval($.route)}"/>');
  await assert.rejects(h.run(seq, jsonMsg('{"route":"Nowhere"}')), (err: unknown) => {
    assert.ok(err instanceof MediationFault);
    assert.equal(err.code, 'CONDUIT_REFERENCE_UNRESOLVED');
    assert.match(err.message, /^sequence 'Nowhere' is not deployed \(the key \{json-eval\(\$\.route\)\} at test\.xml:1:\d+\)$/);
    return true;
  });
  await assert.rejects(h.run(h.compile('<sequence key="Nowhere"/>'), jsonMsg('{}')), /: sequence 'Nowhere' is not deployed \(test\.xml:1:\d+\)$/);
});

test('{{..}} escapes the braces: the static name keeps one pair, as ValueFactory reads it', async () => {
  const h = deployRoutes();
  await h.run(h.compile('<sequence key="{{RouteA}}"/>'), jsonMsg('{}'));
  assert.deepEqual(h.logLines(), ['ran = braces']);
});

test('a dynamic key that does not compile is refused at deploy and reported by the validator', () => {
  assert.throws(() => harness().compile('<sequence key="{//route[}"/>'), (err: unknown) => err instanceof DeployError && err.code === 'CONDUIT_EXPRESSION_INVALID');
  const problems = validateProject(projectFromXml({ 'sequences/S.xml': `<sequence name="S" ${NS}><sequence key="{//route[}"/></sequence>` }));
  assert.ok(
    problems.some((p) => /^CONDUIT_(XPATH|EXPRESSION)_INVALID$/.test(p.code) && p.range?.start.line === 0),
    problems.map((p) => `${p.code} ${p.message}`).join('; '),
  );
  const fine = validateProject(projectFromXml({ 'sequences/S.xml': `<sequence name="S" ${NS}><sequence key="{json-eval($.route)}"/><sequence key="{{X}}"/></sequence>` }));
  assert.deepEqual(fine.filter((p) => p.severity === 'error').map((p) => p.message), []);
});
