/**
 * The MI 4.4 TypeScript data mapper (test/fixtures/mi44-datamapper): the project commits only each
 * mapping's X.ts and dm-utils.ts, as MI for VS Code writes them; the .dmc and schemas its datamapper
 * mediators name are generated as MI's build generates them. The runtime (the built CLI, a real
 * process) answers real HTTP requests with the mapped payloads: JSON to JSON, CSV to JSON, XML to XML.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startRuntime, type RuntimeProcess } from '../helpers/runtime-process';

const FIXTURE = join(__dirname, '..', 'fixtures', 'mi44-datamapper');

describe('TypeScript data mappings of an MI 4.4 project', () => {
  let rt: RuntimeProcess;
  before(async () => {
    rt = await startRuntime(FIXTURE);
  });
  after(async () => {
    await rt?.kill();
  });

  test('JSON to JSON, with dm-utils and a property read through dmUtils.getPropertyValue', async () => {
    const res = await fetch(`${rt.url}/mapping/invoice`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        orderId: '981',
        customer: { firstName: 'Ada', lastName: 'Byron' },
        lines: [
          { sku: 'PEN-1', qty: 3, unitPrice: 1.5 },
          { sku: 'INK-7', qty: 1, unitPrice: 4 },
        ],
        shipping: 2.5,
      }),
    });
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^application\/json/);
    assert.equal(
      await res.text(),
      '{"invoiceFor":"Ada BYRON","reference":"INV-981","items":[{"code":"PEN-1","amount":4.5},{"code":"INK-7","amount":4}],"total":11,"currency":"EUR"}',
    );
  });

  test('CSV to JSON: the rows, named by the header row, are the mapping\'s input array', async () => {
    const res = await fetch(`${rt.url}/mapping/contacts`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: 'name,email,age\n Ann Lee ,ann@example.com,34\n"Bo, Jr.",bo@example.com,7\n',
    });
    assert.equal(res.status, 200);
    assert.equal(
      await res.text(),
      '{"contacts":[{"name":"Ann Lee","email":"ann@example.com","age":34},{"name":"Bo, Jr.","email":"bo@example.com","age":7}],"count":2}',
    );
  });

  test('XML to XML: the output root element is the output schema\'s title', async () => {
    const res = await fetch(`${rt.url}/mapping/card`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<person><first>Grace</first><last>Hopper</last><city>Arlington</city><born>1906</born></person>',
    });
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^application\/xml/);
    assert.equal(await res.text(), '<card><fullName>Hopper, Grace</fullName><home>ARLINGTON</home><age>120</age></card>');
  });
});
