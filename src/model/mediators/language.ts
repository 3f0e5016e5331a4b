/**
 * A mediator's language half: the element name it is written with, the id of its spec, and the specs of
 * its element and of the elements inside it. Each mediator has one file here, registered in index.ts, and
 * its runtime half in src/runtime/mediators/ under the same name.
 */
import type { ElementSpec } from '../validate/element-spec';

export interface MediatorLanguage {
  /** The element's local name, e.g. `payloadFactory`. */
  readonly element: string;
  /** The id of its spec in `elements` (ids keep apart elements that share a tag, e.g. `sequence.ref`). */
  readonly id: string;
  readonly elements: Readonly<Record<string, ElementSpec>>;
}

export function defineMediatorLanguage(language: MediatorLanguage): MediatorLanguage {
  return language;
}
