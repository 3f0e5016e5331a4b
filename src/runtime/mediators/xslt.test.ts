import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../test/helpers/mediation';
import { ConduitError } from '../../model/errors';
import { setBody } from '../content';
import { MessageContext, Payload } from '../message';

function msgOf(body: string, type: string): MessageContext {
  const m = new MessageContext();
  setBody(m, type.includes('json') ? Payload.json(body) : Payload.xml(body), type);
  return m;
}

const QUOTE = `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:m="http://example.com/m" exclude-result-prefixes="m">
  <xsl:param name="discount"/>
  <xsl:param name="customer"/>
  <xsl:template match="/m:order">
    <quote xmlns="http://example.com/q" for="{$customer}">
      <xsl:for-each select="m:item"><line sku="{@sku}"><xsl:value-of select="m:price * (1 - $discount)"/></line></xsl:for-each>
    </quote>
  </xsl:template>
</xsl:stylesheet>`;

const ORDER = '<m:order xmlns:m="http://example.com/m"><m:item sku="a"><m:price>10</m:price></m:item><m:item sku="b"><m:price>4</m:price></m:item></m:order>';

test('a registry stylesheet transforms the body with parameters from a literal and an expression, namespaces kept', async () => {
  const h = harness({ 'gov:xslt/quote.xslt': QUOTE });
  const seq = h.compile(`<property name="who" value="Ann"/>
    <xslt key="gov:xslt/quote.xslt"><property name="discount" value="0.25"/><property name="customer" expression="get-property('who')"/></xslt>`);
  const msg = msgOf(ORDER, 'application/xml');
  await h.run(seq, msg);
  assert.equal(msg.payload.kind, 'xml');
  assert.equal(msg.payload.text.replace(/>\s+</g, '><'), '<quote xmlns="http://example.com/q" for="Ann"><line sku="a">7.5</line><line sku="b">3</line></quote>');
});

test('a JSON body is transformed through its <jsonObject> view, and goes back out as JSON', async () => {
  const h = harness({
    'gov:xslt/names.xslt': `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
      <xsl:template match="/jsonObject"><names><xsl:for-each select="people"><name><xsl:value-of select="first"/></name></xsl:for-each></names></xsl:template>
    </xsl:stylesheet>`,
  });
  const msg = msgOf('{"people":[{"first":"Ann"},{"first":"Bo"}]}', 'application/json');
  await h.run(h.compile(`<xslt key="gov:xslt/names.xslt"/>`), msg);
  assert.equal(msg.payload.text, '<names><name>Ann</name><name>Bo</name></names>');
});

test('source selects the node that is transformed and replaced; the rest of the body stays', async () => {
  const h = harness({
    'gov:xslt/upper.xslt': `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
      <xsl:template match="/name"><name><xsl:value-of select="translate(., 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/></name></xsl:template>
    </xsl:stylesheet>`,
  });
  const msg = msgOf('<person><name>ann</name><age>7</age></person>', 'application/xml');
  await h.run(h.compile(`<xslt key="gov:xslt/upper.xslt" source="//name"/>`), msg);
  assert.equal(msg.payload.text, '<person><name>ANN</name><age>7</age></person>');
});

test('xsl:output method="text" gives a text body; xsl:import is answered by a <resource> only', async () => {
  const h = harness({
    'gov:xslt/count.xslt': `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
      <xsl:import href="common.xslt"/><xsl:output method="text"/>
      <xsl:template match="/"><xsl:call-template name="label"/>: <xsl:value-of select="count(//item)"/></xsl:template>
    </xsl:stylesheet>`,
    'gov:xslt/common.xslt': `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template name="label">items</xsl:template></xsl:stylesheet>`,
  });
  const msg = msgOf('<order><item/><item/></order>', 'application/xml');
  await h.run(h.compile(`<xslt key="gov:xslt/count.xslt"><resource location="common.xslt" key="gov:xslt/common.xslt"/></xslt>`), msg);
  assert.equal(msg.payload.kind, 'text');
  assert.equal(msg.payload.text, 'items: 2');
  await assert.rejects(h.run(h.compile(`<xslt key="gov:xslt/count.xslt"/>`), msgOf('<a/>', 'application/xml')), (err: ConduitError) => {
    assert.equal(err.code, 'CONDUIT_XSLT_FAILED');
    assert.match(err.message, /common.xslt is imported, but no <resource/);
    return true;
  });
});

test('a stylesheet that fails or never ends faults the message with CONDUIT_XSLT_FAILED', async () => {
  const h = harness({
    'gov:xslt/bad-xpath.xslt': `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/"><a><xsl:value-of select="(("/></a></xsl:template></xsl:stylesheet>`,
    'gov:xslt/recurse.xslt': `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/"><xsl:call-template name="r"/></xsl:template><xsl:template name="r"><xsl:call-template name="r"/></xsl:template></xsl:stylesheet>`,
  });
  for (const key of ['gov:xslt/bad-xpath.xslt', 'gov:xslt/recurse.xslt']) {
    await assert.rejects(h.run(h.compile(`<xslt key="${key}"/>`), msgOf('<a/>', 'application/xml')), (err: ConduitError) => err.code === 'CONDUIT_XSLT_FAILED' && err.message.startsWith(`the XSLT ${key} failed: `));
  }
});

test('xslt is refused at deploy for a missing, malformed or non-stylesheet resource, and what the validator reports', () => {
  const h = harness({ 'gov:x/ok.xslt': '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>', 'gov:x/notxml.xslt': 'not xml', 'gov:x/plain.xml': '<a/>', 'gov:x/entity.xslt': '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' });
  const refused = (xml: string, code: string, message: RegExp) =>
    assert.throws(() => h.compile(xml), (err: ConduitError) => err.code === code && message.test(err.message));
  refused(`<xslt key="gov:x/missing.xslt"/>`, 'CONDUIT_REGISTRY_NOT_FOUND', /not in the registry/);
  refused(`<xslt key="gov:x/notxml.xslt"/>`, 'CONDUIT_XSLT_FAILED', /is not an XML stylesheet/);
  refused(`<xslt key="gov:x/entity.xslt"/>`, 'CONDUIT_XSLT_FAILED', /DOCTYPE/);
  refused(`<xslt key="gov:x/plain.xml"/>`, 'CONDUIT_XSLT_FAILED', /its root is <a>/);
  refused(`<xslt/>`, 'CONDUIT_ARTIFACT_INVALID', /needs the key of its stylesheet/);
  refused(`<xslt key="{get-property('k')}"/>`, 'CONDUIT_UNSUPPORTED', /computed by an expression/);
  refused(`<xslt key="gov:x/ok.xslt"><property name="p"/></xslt>`, 'CONDUIT_ARTIFACT_INVALID', /needs a 'value' or an 'expression'/);
});
