/**
 * Every mediator the runtime ships, registered once into each runtime's registry.
 */
import type { MediatorModule } from './types';
import call from './call';
import drop from './drop';
import loopback from './loopback';
import respond from './respond';
import send from './send';
import sequence from './sequence';
import store from './store';

export const BUILTIN_MEDIATORS: ReadonlyArray<MediatorModule<any>> = [call, drop, loopback, respond, send, sequence, store];
