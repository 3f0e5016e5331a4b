import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectFromXml } from '../../../test/helpers/project-from-xml';
import { validateProject } from '../validate';
import { localEntryView } from '../views';
import { attr, parseXml, SYNAPSE_NS } from '../xml';
import { checkFields } from './fields';
import { buildLocalEntry, LOCAL_ENTRY_TYPES, type LocalEntryState } from './local-entry';
import { artifactText } from './synapse-element';

const read = (state: LocalEntryState) => {
  const text = artifactText(buildLocalEntry(state));
  const doc = parseXml(text);
  assert.deepEqual(doc.errors, []);
  return { text, view: localEntryView(doc.root!) };
};

test('local entry: text goes into CDATA and comes back unchanged, even with ]]> and markup in it', () => {
  const { text, view } = read({ key: 'Region', type: 'text', values: { value: 'eu-west <1> & ]]> done' } });
  assert.match(text, /<localEntry key="Region" xmlns="http:\/\/ws.apache.org\/ns\/synapse"><!\[CDATA\[/);
  assert.equal(view.type, 'text');
  assert.equal(view.text, 'eu-west <1> & ]]> done');
});

test('local entry: inline XML leaves the Synapse namespace unless it names its own', () => {
  const { text, view } = read({ key: 'Config', type: 'xml', values: { value: ' <config><region>eu</region></config> ' } });
  assert.equal(view.type, 'xml');
  assert.equal(view.xml?.local, 'config');
  assert.equal(view.xml?.ns, '');
  assert.match(text, /<config xmlns="">\s*<region>eu<\/region>\s*<\/config>/);
  const own = read({ key: 'Quote', type: 'xml', values: { value: '<m:getQuote xmlns:m="urn:q"><m:symbol>IBM</m:symbol></m:getQuote>' } });
  assert.equal(own.view.xml?.ns, 'urn:q');
  assert.equal(attr(own.view.xml!, 'xmlns'), undefined);
  const synapse = read({ key: 'Ep', type: 'xml', values: { value: `<endpoint xmlns="${SYNAPSE_NS}"><address uri="http://localhost:9090/x"/></endpoint>` } });
  assert.equal(synapse.view.xml?.ns, SYNAPSE_NS);
});

test('local entry: a source URL is written as src and nothing else', () => {
  const { text, view } = read({ key: 'Transform', type: 'src', values: { src: 'file:repository/samples/resources/transform.xslt' } });
  assert.equal(view.type, 'src');
  assert.equal(view.src?.value, 'file:repository/samples/resources/transform.xslt');
  assert.match(text, /<localEntry key="Transform" src="file:repository\/samples\/resources\/transform.xslt" xmlns="[^"]+"\/>/);
});

test('local entry fields: refuse broken XML, two roots, a relative URL and an empty value', () => {
  const field = (type: string) => LOCAL_ENTRY_TYPES.find((t) => t.type === type)!.fields;
  assert.match(checkFields(field('xml'), { value: '<a><b></a>' }).value, /well-formed/);
  assert.match(checkFields(field('xml'), { value: '<a/><b/>' }).value, /well-formed/);
  assert.match(checkFields(field('src'), { src: 'transform.xslt' }).src, /absolute URL/);
  assert.match(checkFields(field('text'), {}).value, /required/);
  assert.throws(() => buildLocalEntry({ key: 'X', type: 'xml', values: { value: 'text' } }), /well-formed/);
});

test('every local entry type validates clean, with a sequence reading the text entry', () => {
  const entries: LocalEntryState[] = [
    { key: 'Region', type: 'text', values: { value: 'eu-west' } },
    { key: 'Config', type: 'xml', values: { value: '<config><region>eu</region></config>' } },
    { key: 'Transform', type: 'src', values: { src: 'file:repository/samples/resources/transform.xslt' } },
  ];
  const files = Object.fromEntries(entries.map((e) => [`local-entries/${e.key}.xml`, artifactText(buildLocalEntry(e))]));
  files['sequences/Reader.xml'] = `<sequence name="Reader" xmlns="${SYNAPSE_NS}"><property name="region" expression="get-property('Region')"/></sequence>`;
  const project = projectFromXml(files);
  assert.equal(project.artifacts.length, 4);
  assert.deepEqual([...project.problems, ...validateProject(project)].filter((p) => p.severity !== 'info'), []);
});
