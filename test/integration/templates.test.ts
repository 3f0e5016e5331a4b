import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readArtifact } from '../../src/model/artifacts';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { createFaultyBackend, type FaultyBackend } from '../helpers/backends';
import { NS, projectFromXml } from '../helpers/project-from-xml';

/** Answers `{"code":..,"message":..}` from the fault properties, as MI fault sequences commonly do. */
const ECHO_FAULT = `<payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format>
  <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/>`;

const greet = (greeting: string) => `<template name="Greet" ${NS}>
  <parameter name="name" isMandatory="true"/>
  <parameter name="greeting" defaultValue="${greeting}"/>
  <sequence>
    <payloadFactory media-type="json"><format>{"message":"$1, $2!"}</format>
      <args><arg expression="$func:greeting"/><arg expression="$func:name"/></args></payloadFactory>
  </sequence>
</template>`;

function project(backend: string) {
  return projectFromXml({
    'templates/Greet.xml': greet('Hello'),
    // Calls the real back end on a path built from its parameter.
    'templates/FetchItem.xml': `<template name="FetchItem" ${NS}>
      <parameter name="item"/>
      <sequence>
        <property name="uri.var.item" expression="$func:item"/>
        <call><endpoint><http method="get" uri-template="${backend}/items/{uri.var.item}"/></endpoint></call>
      </sequence>
    </template>`,
    'templates/Outer.xml': `<template name="Outer" ${NS}>
      <parameter name="id"/>
      <sequence>
        <call-template target="FetchItem"><with-param name="item" value="{concat('item-', $func:id)}"/></call-template>
        <property name="outer.id" expression="$func:id"/>
      </sequence>
    </template>`,
    'templates/Broken.xml': `<template name="Broken" ${NS}><sequence><noSuchMediator/></sequence></template>`,
    'sequences/GreetFailed.xml': `<sequence name="GreetFailed" ${NS}>${ECHO_FAULT.replace('"code"', '"handledBy":"onError","code"')}</sequence>`,
    'apis/Templates.xml': `<api name="Templates" context="/t" ${NS}>
      <resource methods="GET" uri-template="/greet/{name}">
        <inSequence><call-template target="Greet"><with-param name="name" value="{get-property('uri.var.name')}"/></call-template><respond/></inSequence>
      </resource>
      <resource methods="POST" uri-template="/greet">
        <inSequence><call-template target="Greet">
          <with-param name="name" value="{json-eval($.who)}"/><with-param name="greeting" value="{\${payload.greeting}}"/>
        </call-template><respond/></inSequence>
      </resource>
      <resource methods="GET" uri-template="/items/{id}">
        <inSequence>
          <call-template target="Outer"><with-param name="id" value="{$ctx:uri.var.id}"/></call-template>
          <header name="X-Outer-Id" scope="transport" expression="get-property('outer.id')"/>
          <respond/>
        </inSequence>
      </resource>
      <resource methods="GET" uri-template="/missing">
        <inSequence><call-template target="Greet"/><respond/></inSequence>
        <faultSequence>${ECHO_FAULT}</faultSequence>
      </resource>
      <resource methods="GET" uri-template="/missing-onerror">
        <inSequence><call-template target="Greet" onError="GreetFailed"/><respond/></inSequence>
        <faultSequence>${ECHO_FAULT}</faultSequence>
      </resource>
      <resource methods="GET" uri-template="/undeployed">
        <inSequence><call-template target="Nowhere" onError="GreetFailed"/><respond/></inSequence>
        <faultSequence>${ECHO_FAULT}</faultSequence>
      </resource>
    </api>`,
  });
}

describe('sequence templates through the runtime', () => {
  let backend: FaultyBackend;
  let rt: Runtime;
  const logger = new MemoryLogger('DEBUG');
  let failed: string[] = [];

  before(async () => {
    backend = await createFaultyBackend();
    rt = createRuntime({ port: 0, logger });
    const report = await rt.deploy(project(backend.url));
    failed = report.failed.map((p) => `${p.code} ${p.message}`);
  });
  after(async () => {
    await rt.stop();
    await backend.close();
  });

  test('a template that does not compile is refused with its diagnostic; the others deploy', () => {
    assert.equal(failed.length, 1);
    assert.match(failed[0], /^CONDUIT_DEPLOY_FAILED Template 'Broken' was not deployed: CONDUIT_MEDIATOR_UNKNOWN <noSuchMediator>/);
    assert.ok(logger.records.some((r) => r.message === "Template named 'Greet' has been deployed from file : /virtual/project/templates/Greet.xml"));
  });

  test('static and dynamic parameters, and the default of one not passed', async () => {
    const get = await rt.inject({ url: '/t/greet/Ann' });
    assert.equal(get.status, 200);
    assert.deepEqual(get.json(), { message: 'Hello, Ann!' });

    const post = await rt.inject({ method: 'POST', url: '/t/greet', body: { who: 'Bo', greeting: 'Hi' } });
    assert.deepEqual(post.json(), { message: 'Hi, Bo!' });
  });

  test('a nested template calls the real back end on a path built from its parameter; the outer frame is restored after it', async () => {
    const before = backend.requests.length;
    const res = await rt.inject({ url: '/t/items/7' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { ok: true, method: 'GET', path: '/items/item-7' });
    assert.equal(res.headers['X-Outer-Id'], '7');
    assert.equal(backend.requests.length, before + 1);
  });

  test('a missing mandatory parameter goes to the fault sequence with ERROR_CODE 500101, or to the call-template onError', async () => {
    const res = await rt.inject({ url: '/t/missing' });
    assert.deepEqual(res.json(), {
      code: '500101',
      message: 'Neither a value nor default value is provided for mandatory parameter: name in seq-template Greet',
    });
    assert.ok(logger.records.some((r) => r.level === 'ERROR' && r.message.includes('CONDUIT_TEMPLATE_PARAMETER_MISSING')));

    const handled = await rt.inject({ url: '/t/missing-onerror' });
    assert.equal(handled.json().handledBy, 'onError');
    assert.equal(handled.json().code, '500101');
  });

  test('an undeployed target is a CONDUIT_REFERENCE_UNRESOLVED fault for the fault sequence, not the onError', async () => {
    const res = await rt.inject({ url: '/t/undeployed' });
    const body = res.json();
    assert.equal(body.handledBy, undefined);
    assert.equal(body.code, 'CONDUIT_REFERENCE_UNRESOLVED');
    assert.match(body.message, /^Sequence template Nowhere cannot be found/);
  });

  test('a redeployed template takes effect at once; an undeployed one faults', async () => {
    const { artifact } = readArtifact('/virtual/project/templates/Greet.xml', greet('Welcome'));
    assert.ok(artifact);
    assert.equal(await rt.redeploy(artifact), undefined);
    assert.deepEqual((await rt.inject({ url: '/t/greet/Cy' })).json(), { message: 'Welcome, Cy!' });

    await rt.undeploy('template', 'Greet');
    assert.ok(logger.records.some((r) => r.message === "Template named 'Greet' has been undeployed"));
    const gone = await rt.inject({ url: '/t/missing' });
    assert.equal(gone.json().code, 'CONDUIT_REFERENCE_UNRESOLVED');
  });
});

const backendTemplate = (method: string) => `<template name="BackendTpl" ${NS}>
  <parameter name="method"/>
  <endpoint name="$name"><http method="${method}" uri-template="$uri"/></endpoint>
</template>`;

describe('endpoint templates through the runtime', () => {
  let backend: FaultyBackend;
  let rt: Runtime;
  const logger = new MemoryLogger('DEBUG');

  before(async () => {
    backend = await createFaultyBackend();
    rt = createRuntime({ port: 0, logger });
    const report = await rt.deploy(
      projectFromXml({
        // Endpoints deploy before templates, as in MI: the template is found when a message is sent.
        'endpoints/ItemsEp.xml': `<endpoint name="ItemsEp" template="BackendTpl" uri="${backend.url}/items/{uri.var.id}" ${NS}><parameter name="method" value="get"/></endpoint>`,
        'endpoints/Orphan.xml': `<endpoint name="Orphan" template="NoSuchTpl" uri="${backend.url}/x" ${NS}/>`,
        'templates/BackendTpl.xml': backendTemplate('$method'),
        'apis/Eps.xml': `<api name="Eps" context="/ep" ${NS}>
          <resource methods="GET" uri-template="/items/{id}"><inSequence><call><endpoint key="ItemsEp"/></call><respond/></inSequence></resource>
          <resource methods="GET" uri-template="/inline"><inSequence>
            <call><endpoint template="BackendTpl" uri="${backend.url}/inline"><parameter name="method" value="post"/></endpoint></call><respond/>
          </inSequence></resource>
          <resource methods="GET" uri-template="/orphan"><inSequence><call><endpoint key="Orphan"/></call><respond/></inSequence>
            <faultSequence>${ECHO_FAULT}</faultSequence></resource>
        </api>`,
      }),
    );
    assert.deepEqual(report.failed, []);
    assert.ok(logger.records.some((r) => r.message === "Endpoint Template named 'BackendTpl' has been deployed from file : /virtual/project/templates/BackendTpl.xml"));
  });
  after(async () => {
    await rt.stop();
    await backend.close();
  });

  test('a named and an inline template endpoint send to the back end their parameters name', async () => {
    assert.deepEqual((await rt.inject({ url: '/ep/items/5' })).json(), { ok: true, method: 'GET', path: '/items/5' });
    assert.deepEqual((await rt.inject({ url: '/ep/inline' })).json(), { ok: true, method: 'POST', path: '/inline' });
  });

  test('a template that is not deployed faults with ERROR_CODE 305100', async () => {
    const body = (await rt.inject({ url: '/ep/orphan' })).json();
    assert.equal(body.code, '305100');
    assert.match(body.message, /Couldn't find the endpoint with the name Orphan & template : NoSuchTpl/);
  });

  test('a redeployed endpoint template takes effect at once; an undeployed one faults', async () => {
    const { artifact } = readArtifact('/virtual/project/templates/BackendTpl.xml', backendTemplate('delete'));
    assert.ok(artifact);
    assert.equal(await rt.redeploy(artifact), undefined);
    assert.deepEqual((await rt.inject({ url: '/ep/items/6' })).json(), { ok: true, method: 'DELETE', path: '/items/6' });

    await rt.undeploy('template', 'BackendTpl');
    assert.ok(logger.records.some((r) => r.message === "Endpoint Template named 'BackendTpl' has been undeployed"));
    const gone = await rt.inject({ url: '/ep/items/7' });
    assert.equal(gone.status, 500);
    assert.equal(gone.json().error.errorCode, '305100');
  });
});
