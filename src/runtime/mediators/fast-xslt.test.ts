import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { projectFromXml } from '../../../test/helpers/project-from-xml';
import { validateProject } from '../../model/validate';
import { setBody } from '../content';
import { MessageContext, Payload } from '../message';

const NAMES = `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/jsonObject"><names><xsl:for-each select="people"><name><xsl:value-of select="first"/></name></xsl:for-each></names></xsl:template>
</xsl:stylesheet>`;

test('fastXSLT transforms the whole body with its stylesheet', async () => {
  const h = harness({ 'gov:xslt/names.xslt': NAMES });
  const msg = new MessageContext();
  setBody(msg, Payload.json('{"people":[{"first":"Ann"},{"first":"Bo"}]}'), 'application/json');
  await h.run(h.compile(`<fastXSLT key="gov:xslt/names.xslt"/>`), msg);
  assert.equal(msg.payload.text, '<names><name>Ann</name><name>Bo</name></names>');
});

test('a fastXSLT without its key is refused by the runtime and the editor in the same words', () => {
  const h = harness({});
  assert.throws(() => h.compile(`<fastXSLT/>`), /<fastXSLT> needs the 'key' attribute: Registry key or local entry of the XSLT stylesheet\./);
  const problems = validateProject(
    projectFromXml({ 'sequences/S.xml': `<sequence name="S" xmlns="http://ws.apache.org/ns/synapse"><fastXSLT/></sequence>` }),
  ).filter((p) => p.severity !== 'info');
  assert.deepEqual(
    problems.map((p) => `${p.code} ${p.message}`),
    ["CONDUIT_SCHEMA_MISSING_ATTRIBUTE <fastXSLT> needs the 'key' attribute: Registry key or local entry of the XSLT stylesheet."],
  );
});
