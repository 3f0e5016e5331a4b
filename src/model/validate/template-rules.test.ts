import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NS, projectFromXml } from '../../../test/helpers/project-from-xml';
import { validateProject } from '.';

const TEMPLATES = {
  'templates/Greet.xml': `<template name="Greet" ${NS}>
    <parameter name="name" isMandatory="TRUE"/><parameter name="greeting" isMandatory="true" defaultValue="Hello"/><parameter name="tone"/>
    <sequence><log/></sequence></template>`,
  'templates/EpTpl.xml': `<template name="EpTpl" ${NS}><parameter name="uri"/><endpoint name="$name"><address uri="$uri"/></endpoint></template>`,
};

/** `code @ text-at-range` of the problems of an API whose inSequence is `body`. */
function problems(body: string): string[] {
  const api = `<api name="A" context="/a" ${NS}><resource methods="GET"><inSequence>${body}</inSequence></resource></api>`;
  const project = projectFromXml({ ...TEMPLATES, 'apis/A.xml': api });
  return validateProject(project)
    .filter((p) => p.file?.endsWith('A.xml'))
    .map((p) => `${p.code} @ ${api.slice(p.range?.start.offset, p.range?.end.offset)}`);
}

test('a call passing every mandatory parameter, and only declared ones, is clean', () => {
  assert.deepEqual(problems(`<call-template target="Greet"><with-param name="name" value="{//n}"/><with-param name="greeting" value="Hi"/></call-template>`), []);
});

test('a mandatory parameter not passed is an error on the call, even when it has a default (ERROR_CODE 500101 at run time)', () => {
  assert.deepEqual(problems(`<call-template target="Greet"><with-param name="name" value="Ann"/></call-template>`), [
    'CONDUIT_TEMPLATE_PARAMETER_MISSING @ <call-template target="Greet">',
  ]);
});

test('a parameter the template does not declare is a warning on its name', () => {
  assert.deepEqual(
    problems(`<call-template target="Greet"><with-param name="name" value="a"/><with-param name="greeting" value="b"/><with-param name="colour" value="c"/></call-template>`),
    ['CONDUIT_TEMPLATE_PARAMETER_UNKNOWN @ colour'],
  );
});

test('the expression of a {..} or {{..}} value is checked at its place; literals and unresolved templates are left alone', () => {
  assert.deepEqual(
    problems(`<call-template target="Greet">
      <with-param name="name" value="{//a[}"/><with-param name="greeting" value="{{count(}}"/><with-param name="tone" value="{\${payload.}}"/>
    </call-template>`).map((p) => p.split(' @ ')[0]),
    ['CONDUIT_XPATH_INVALID', 'CONDUIT_XPATH_INVALID', 'CONDUIT_EXPRESSION_INVALID'],
  );
  assert.deepEqual(problems(`<call-template target="Nowhere"><with-param name="x" value="1"/></call-template>`), [
    'CONDUIT_REFERENCE_UNRESOLVED @ Nowhere',
  ]);
});

test('a call-template naming an endpoint template, or a template endpoint naming a sequence template, finds nothing at run time', () => {
  assert.deepEqual(problems(`<call-template target="EpTpl"><with-param name="whatever" value="plain [text"/></call-template>`), [
    'CONDUIT_REFERENCE_UNRESOLVED @ EpTpl',
  ]);
  assert.deepEqual(problems(`<call><endpoint template="Greet" uri="http://b/x"/></call>`), ['CONDUIT_REFERENCE_UNRESOLVED @ Greet']);
});

test('a template endpoint may pass name, uri and the declared parameters; others are a warning', () => {
  assert.deepEqual(
    problems(`<call><endpoint name="E" template="EpTpl" uri="http://b/x"><parameter name="uri" value="http://b/y"/><parameter name="timeout" value="5"/></endpoint></call>`),
    ['CONDUIT_TEMPLATE_PARAMETER_UNKNOWN @ timeout'],
  );
});

test('an endpoint template using a declared $param inside a longer value is warned: MI replaces whole values only', () => {
  const text = `<template name="Svc" ${NS}><parameter name="service"/><parameter name="host"/><endpoint name="$name">
    <http method="post" uri-template="http://localhost:9090/$service/orders"/><property name="h" value="$host"/><property name="p" value="a$price"/></endpoint></template>`;
  const found = validateProject(projectFromXml({ 'templates/Svc.xml': text }))
    .filter((p) => p.code === 'CONDUIT_TEMPLATE_PARAMETER_UNKNOWN')
    .map((p) => text.slice(p.range?.start.offset, p.range?.end.offset));
  // $host is a whole value, and $price is no parameter of this template
  assert.deepEqual(found, ['$service']);
});

test('inside a sequence template, a read of a parameter it does not declare is a warning at the read', () => {
  const body = `<property name="a" expression="concat($func:name, $func:nmae)"/>
    <log level="custom"><property name="g" expression="get-property('func', 'greting')"/></log>
    <log category="INFO"><message>\${params.functionParams.tone} \${params.functionParams.tones}</message></log>
    <property name="t" expression="\${params.functionParams.greeting + params.functionParams.x}"/>`;
  const template = `<template name="Reader" ${NS}><parameter name="name"/><parameter name="greeting"/><parameter name="tone"/><sequence>${body}</sequence></template>`;
  const project = projectFromXml({ 'templates/Reader.xml': template, 'templates/EpTpl.xml': TEMPLATES['templates/EpTpl.xml'] });
  const found = validateProject(project).map((p) => `${p.code} @ ${template.slice(p.range?.start.offset, p.range?.end.offset)}`);
  assert.deepEqual(found, [
    'CONDUIT_TEMPLATE_PARAMETER_UNKNOWN @ $func:nmae',
    'CONDUIT_TEMPLATE_PARAMETER_UNKNOWN @ greting',
    'CONDUIT_TEMPLATE_PARAMETER_UNKNOWN @ params.functionParams.tones',
    'CONDUIT_TEMPLATE_PARAMETER_UNKNOWN @ params.functionParams.x',
  ]);
});
