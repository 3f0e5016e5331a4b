/**
 * Typed property values (`<property type="DOUBLE|JSON|OM|...">`) and how Synapse prints them when an
 * expression reads them back: Integer `5`, Double `5.0`, JSON compact text, OM its XML.
 */
import { XMLSerializer } from '@xmldom/xmldom';
import { javaDouble } from './java-format';
import { stringifyJson } from '../../model/json/json-value';

/** A DOUBLE or FLOAT property: a number that prints the Java way (`5.0`). */
export class DoubleValue {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return javaDouble(this.value);
  }
}

/** A JSON property (Gson JsonElement in Synapse): prints as compact JSON text. */
export class JsonValue {
  constructor(readonly value: unknown) {}
  toString(): string {
    return stringifyJson(this.value);
  }
}

/** True for an xmldom node (an OM property). */
export function isDomNode(v: unknown): v is import('@xmldom/xmldom').Node {
  return typeof v === 'object' && v !== null && typeof (v as { nodeType?: unknown }).nodeType === 'number';
}

/** The text an expression sees for a property value; undefined/null give undefined. */
export function propertyString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (isDomNode(v)) return new XMLSerializer().serializeToString(v);
  if (typeof v === 'object' && !(v instanceof DoubleValue) && !(v instanceof JsonValue) && typeof (v as object).toString !== 'function') {
    return stringifyJson(v);
  }
  return String(v);
}
