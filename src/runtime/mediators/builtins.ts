/**
 * Every mediator the runtime ships, registered once into each runtime's registry.
 */
import type { MediatorModule } from './types';
import aggregate from './aggregate';
import cache from './cache';
import call from './call';
import callout from './callout';
import callTemplate from './call-template';
import clone from './clone';
import datamapper from './datamapper';
import drop from './drop';
import enrich from './enrich';
import fastXslt from './fast-xslt';
import filter from './filter';
import foreach from './foreach';
import header from './header';
import iterate from './iterate';
import log from './log';
import loopback from './loopback';
import makefault from './makefault';
import payloadFactory from './payload-factory';
import property from './property';
import propertyGroup from './property-group';
import respond from './respond';
import script from './script';
import send from './send';
import sequence from './sequence';
import store from './store';
import switchMediator from './switch';
import throttle from './throttle';
import throwError from './throw-error';
import validate from './validate';
import variable from './variable';
import xslt from './xslt';

export const BUILTIN_MEDIATORS: ReadonlyArray<MediatorModule<any>> = [
  aggregate,
  cache,
  call,
  callout,
  callTemplate,
  clone,
  datamapper,
  drop,
  enrich,
  fastXslt,
  filter,
  foreach,
  header,
  iterate,
  log,
  loopback,
  makefault,
  payloadFactory,
  property,
  propertyGroup,
  respond,
  script,
  send,
  sequence,
  store,
  switchMediator,
  throttle,
  throwError,
  validate,
  variable,
  xslt,
];
