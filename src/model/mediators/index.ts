/**
 * Every mediator the Synapse language of Conduit knows, registered once: the validator, completion and
 * hover read their specs through src/model/validate/schema.ts. A mediator's runtime half registers in
 * src/runtime/mediators/builtins.ts; test/integration/mediator-catalog.test.ts keeps the two lists equal.
 */
import aggregateLanguage from './aggregate';
import cacheLanguage from './cache';
import callLanguage from './call';
import callTemplateLanguage from './call-template';
import calloutLanguage from './callout';
import cloneLanguage from './clone';
import datamapperLanguage from './datamapper';
import dropLanguage from './drop';
import enrichLanguage from './enrich';
import fastXsltLanguage from './fast-xslt';
import filterLanguage from './filter';
import foreachLanguage from './foreach';
import headerLanguage from './header';
import iterateLanguage from './iterate';
import logLanguage from './log';
import loopbackLanguage from './loopback';
import makefaultLanguage from './makefault';
import payloadFactoryLanguage from './payload-factory';
import propertyLanguage from './property';
import propertyGroupLanguage from './property-group';
import respondLanguage from './respond';
import scriptLanguage from './script';
import sendLanguage from './send';
import sequenceLanguage from './sequence';
import storeLanguage from './store';
import switchLanguage from './switch';
import throttleLanguage from './throttle';
import throwErrorLanguage from './throw-error';
import validateLanguage from './validate';
import variableLanguage from './variable';
import xsltLanguage from './xslt';
import type { MediatorLanguage } from './language';

export type { MediatorLanguage } from './language';

/** In the order completion lists them. */
export const MEDIATOR_LANGUAGES: readonly MediatorLanguage[] = [
  logLanguage,
  propertyLanguage,
  variableLanguage,
  payloadFactoryLanguage,
  callLanguage,
  sendLanguage,
  respondLanguage,
  dropLanguage,
  loopbackLanguage,
  switchLanguage,
  filterLanguage,
  headerLanguage,
  enrichLanguage,
  sequenceLanguage,
  storeLanguage,
  datamapperLanguage,
  callTemplateLanguage,
  makefaultLanguage,
  throwErrorLanguage,
  scriptLanguage,
  xsltLanguage,
  fastXsltLanguage,
  validateLanguage,
  cacheLanguage,
  throttleLanguage,
  calloutLanguage,
  propertyGroupLanguage,
  iterateLanguage,
  aggregateLanguage,
  cloneLanguage,
  foreachLanguage,
];
