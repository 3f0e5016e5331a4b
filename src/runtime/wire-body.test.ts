import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml } from '../model/xml';
import { payloadFromBody, setBody } from './content';
import { MessageContext, Payload } from './message';
import { wireBody } from './wire-body';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

function written(payload: Payload, contentType: string): string {
  const msg = new MessageContext();
  setBody(msg, payload, contentType);
  return wireBody(msg)!.bytes.toString('utf8');
}

test('an XML body goes out in the envelope of its SOAP media type, as MI’s SOAP formatters write it', () => {
  assert.equal(written(Payload.xml('<getQuote><symbol>IBM</symbol></getQuote>'), 'text/xml; charset=UTF-8'), `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><getQuote><symbol>IBM</symbol></getQuote></soapenv:Body></soapenv:Envelope>`);
  assert.equal(written(Payload.xml('<a/>'), 'application/soap+xml'), `<soapenv:Envelope xmlns:soapenv="${SOAP12}"><soapenv:Body><a/></soapenv:Body></soapenv:Envelope>`);
  assert.equal(written(Payload.json('{"a":1}'), 'text/xml'), `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><jsonObject><a>1</a></jsonObject></soapenv:Body></soapenv:Envelope>`);
});

test('an envelope is written as it is, and plain XML types carry the bare element', () => {
  const envelope = `<s:Envelope xmlns:s="${SOAP11}"><s:Body><a/></s:Body></s:Envelope>`;
  assert.equal(written(Payload.xml(envelope), 'text/xml'), envelope);
  assert.equal(written(Payload.xml('<a/>'), 'application/xml'), '<a/>');
});

test('namespaces an Envelope declares stay with the body element, in a request and in a whole-envelope payload', () => {
  const envelope =
    `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:ns="urn:admission" xmlns:m="urn:model" xmlns:unused="urn:x">` +
    `<soapenv:Body><ns:admit><m:Subject m:id="1"><name>Dave</name></m:Subject></ns:admit></soapenv:Body></soapenv:Envelope>`;
  const received = payloadFromBody(Buffer.from(envelope), 'text/xml', true);
  assert.equal(received.text, '<ns:admit xmlns:ns="urn:admission" xmlns:m="urn:model"><m:Subject m:id="1"><name>Dave</name></m:Subject></ns:admit>');
  assert.equal(parseXml(received.text).errors.length, 0);
  // A payload that is a whole envelope (a payloadFactory format) keeps them when written as plain XML.
  const bare = written(Payload.xml(envelope), 'application/xml');
  assert.equal(parseXml(bare).errors.length, 0, bare);
  assert.match(bare, /^<ns:admit [^>]*xmlns:ns="urn:admission"/);
  assert.match(bare, /xmlns:m="urn:model"/);
});
