import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateProject } from '../../model/validate';
import { harness } from '../../../test/helpers/mediation';
import { NS, projectFromXml } from '../../../test/helpers/project-from-xml';
import { DeployError } from '../deploy-error';

/** What the runtime refuses a call for, and what the validator reports for it: the same code and words. */
function refusals(call: string): { runtime: string; validator: string[] } {
  let runtime = '';
  try {
    harness().compile(call);
  } catch (err) {
    runtime = err instanceof DeployError ? `${err.code} ${err.message}` : String(err);
  }
  const problems = validateProject(
    projectFromXml({
      'sequences/S.xml': `<sequence name="S" ${NS}>${call}</sequence>`,
      'endpoints/E.xml': `<endpoint name="E" ${NS}><http method="post" uri-template="http://localhost:9090/e"/></endpoint>`,
    }),
  );
  return { runtime, validator: problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.message}`) };
}

test('call sources and targets without their content are refused by the runtime and reported by the validator alike', () => {
  for (const [call, words] of [
    ['<call><endpoint key="E"/><source type="property"/></call>', 'a call source of type property needs the property name as its text'],
    ['<call><endpoint key="E"/><source/></call>', 'a call source of type custom needs an XPath, json-eval(...) or ${...} expression as its text'],
    ['<call><endpoint key="E"/><source type="inline">  </source></call>', 'a call source of type inline needs an XML element or text to send'],
    ['<call><endpoint key="E"/><target type="variable"/></call>', 'a call target of type variable needs the variable name as its text'],
  ]) {
    const found = refusals(call);
    assert.equal(found.runtime, `CONDUIT_ARTIFACT_INVALID ${words}`, call);
    assert.ok(found.validator.includes(`CONDUIT_ARTIFACT_INVALID ${words}`), `${call}: ${found.validator.join('; ')}`);
  }
});

test('a call source expression that does not compile is refused at deploy and reported by the validator', () => {
  const found = refusals('<call><endpoint key="E"/><source type="custom">$body//[</source></call>');
  assert.match(found.runtime, /^CONDUIT_EXPRESSION_INVALID /);
  assert.ok(found.validator.some((p) => /^CONDUIT_(XPATH|EXPRESSION)_INVALID /.test(p)), found.validator.join('; '));
});

test('well-formed sources and targets deploy, blocking included, and the validator has nothing to say about them', () => {
  for (const call of [
    '<call blocking="true"><endpoint key="E"/><source type="custom" contentType="application/xml">$body//item</source><target type="property">out</target></call>',
    '<call><endpoint key="E"/><source type="inline"><order xmlns=""><id>1</id></order></source><target type="variable">out</target></call>',
    '<call><endpoint key="E"/><source type="body"/><target type="body"/></call>',
    '<call><endpoint key="E"/><source type="custom">${payload.order}</source></call>',
  ]) {
    const found = refusals(call);
    assert.equal(found.runtime, '', call);
    assert.deepEqual(found.validator, [], call);
  }
});

test('a source or target type that is not one is reported once by the validator, and one in the wrong case too', () => {
  const unknown = refusals('<call><endpoint key="E"/><source type="xpath">$body</source></call>');
  assert.equal(unknown.runtime, "CONDUIT_ARTIFACT_INVALID 'xpath' is not a call source type: use custom, body, property or inline");
  assert.equal(unknown.validator.length, 1, unknown.validator.join('; '));
  const wrongCase = refusals('<call><endpoint key="E"/><target type="Property">out</target></call>');
  assert.equal(wrongCase.runtime, "CONDUIT_ARTIFACT_INVALID 'Property' is not a call target type: use body, property or variable");
  assert.deepEqual(wrongCase.validator, [wrongCase.runtime]);
});
