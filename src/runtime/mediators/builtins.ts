/**
 * Every mediator the runtime ships, registered once into each runtime's registry.
 */
import type { MediatorModule } from './types';
import call from './call';
import callTemplate from './call-template';
import datamapper from './datamapper';
import drop from './drop';
import enrich from './enrich';
import filter from './filter';
import header from './header';
import log from './log';
import loopback from './loopback';
import payloadFactory from './payload-factory';
import property from './property';
import respond from './respond';
import send from './send';
import sequence from './sequence';
import store from './store';
import switchMediator from './switch';
import variable from './variable';

export const BUILTIN_MEDIATORS: ReadonlyArray<MediatorModule<any>> = [
  call,
  callTemplate,
  datamapper,
  drop,
  enrich,
  filter,
  header,
  log,
  loopback,
  payloadFactory,
  property,
  respond,
  send,
  sequence,
  store,
  switchMediator,
  variable,
];
