import assert from 'node:assert/strict';
import { test } from 'node:test';
import { references } from '../references';
import { projectFromXml, NS } from '../../../test/helpers/project-from-xml';
import { artifactFor } from './new-artifact';

/** The references of a sequence whose body is `body`. */
function refsOf(body: string) {
  const project = projectFromXml({ 'sequences/S.xml': `<sequence name="S" ${NS}>${body}</sequence>` });
  return references(project.artifacts[0]);
}

test('an endpoint template for <endpoint template>, declaring the parameters passed except the implicit name and uri', () => {
  const [ref] = refsOf(`<send><endpoint name="e" template="Backend" uri="http://x/"><parameter name="uri" value="http://x/"/><parameter name="timeout" value="5"/></endpoint></send>`);
  const created = artifactFor(ref, 'classic');
  assert.equal(created?.kind, 'template');
  assert.match(created!.text, /<parameter name="uri"\/>\s*<parameter name="timeout"\/>\s*<endpoint name="\$name">\s*<http uri-template="\$uri">/);
});

test('a sequence template for <call-template> logs its parameters in the project\'s expression style', () => {
  const [ref] = refsOf(`<call-template target="Notify"><with-param name="to" value="a"/><with-param name="to" value="b"/></call-template>`);
  const created = artifactFor(ref, 'mi44');
  assert.match(created!.text, /<parameter name="to" isMandatory="false"\/>\s*<sequence>/);
  assert.match(created!.text, /to=\$\{params\.functionParams\.to\}/);
});

test('nothing for a kind no wizard writes, or a name or parameter a wizard refuses', () => {
  const refs = refsOf(`<call-template target="T"><with-param name="1st" value="a"/></call-template><sequence key="ok"/>`);
  assert.equal(artifactFor(refs[0], 'classic'), undefined);
  assert.equal(artifactFor({ ...refs[1], key: 'has space' }, 'classic'), undefined);
  assert.equal(artifactFor({ ...refs[1], kind: 'proxy' }, 'classic'), undefined);
  assert.equal(artifactFor(refs[1], 'classic')?.kind, 'sequence');
});
