/**
 * Values as Synapse expressions see them. Numbers keep MI's Java types: an int stays an int
 * (`9 / 3` is `3`), overflow widens to long, and a double prints the Java way (`9.0`, `2.0E9`). JSON
 * from the payload or a variable is plain JavaScript with JsonNumber for numbers (their text kept).
 */
import { javaDouble } from '../java-format';
import { JsonNumber, parseJson, stringifyJson } from '../../../model/json/json-value';
import { DoubleValue, JsonValue, isDomNode, propertyString } from '../property-values';

export type NumberType = 'int' | 'long' | 'double';

/** A number with its Java type. int and long hold a bigint, double a number. */
export class SynapseNumber {
  private constructor(
    readonly type: NumberType,
    readonly value: bigint | number,
  ) {}
  static int(v: number | bigint): SynapseNumber {
    return new SynapseNumber('int', BigInt.asIntN(32, BigInt(v)));
  }
  static long(v: number | bigint): SynapseNumber {
    return new SynapseNumber('long', BigInt.asIntN(64, BigInt(v)));
  }
  static double(v: number): SynapseNumber {
    return new SynapseNumber('double', v);
  }
  /** The narrowest of int, long, double that holds the value, as MI reads a number from text. */
  static fromText(text: string): SynapseNumber | undefined {
    const t = text.trim();
    if (/^[-+]?\d+$/.test(t)) {
      const b = BigInt(t);
      if (b === BigInt.asIntN(32, b)) return SynapseNumber.int(b);
      if (b === BigInt.asIntN(64, b)) return SynapseNumber.long(b);
      return SynapseNumber.double(Number(t));
    }
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return SynapseNumber.double(Number(t));
    return undefined;
  }
  get isIntegral(): boolean {
    return this.type !== 'double';
  }
  toNumber(): number {
    return Number(this.value);
  }
  valueOf(): number {
    return Number(this.value);
  }
  toString(): string {
    return this.type === 'double' ? javaDouble(this.value as number) : String(this.value);
  }
  toJSON(): number {
    return Number(this.value);
  }
}

/** The error an evaluation step throws; the evaluator turns it into a WARN and "". */
export class SynapseEvaluationError extends Error {
  override name = 'SynapseEvaluationError';
}

export function fail(message: string): never {
  throw new SynapseEvaluationError(message);
}

/** The number inside a value, with its type, or undefined when it is not a number. */
export function asNumber(v: unknown): SynapseNumber | undefined {
  if (v instanceof SynapseNumber) return v;
  if (v instanceof JsonNumber) return SynapseNumber.fromText(String(v));
  if (v instanceof DoubleValue) return SynapseNumber.double(v.value);
  if (typeof v === 'bigint') return SynapseNumber.long(v);
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return Number.isSafeInteger(v) ? SynapseNumber.fromText(String(v)) : SynapseNumber.double(v);
    return SynapseNumber.double(v);
  }
  return undefined;
}

export function isNumberValue(v: unknown): boolean {
  return asNumber(v) !== undefined;
}

/** Plain JSON (object or array), unwrapping a JSON property. */
export function isJsonContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return true;
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

export function unwrap(v: unknown): unknown {
  return v instanceof JsonValue ? v.value : v;
}

/**
 * MI's ExpressionResult.asString: strings lose one pair of surrounding quotes, numbers print their
 * Java or JSON text, objects and arrays compact JSON. null and undefined give null.
 */
export function asString(value: unknown): string | null {
  const v = unwrap(value);
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) return v.slice(1, -1);
    return v;
  }
  if (typeof v === 'boolean') return String(v);
  if (v instanceof SynapseNumber || v instanceof JsonNumber || v instanceof DoubleValue) return v.toString();
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (isDomNode(v)) return propertyString(v) ?? '';
  if (isJsonContainer(v)) return stringifyJson(v);
  return String(v);
}

/**
 * The text MI prints for an expression's result: doubles the Java way (`9.0`, `2.0E9`), strings
 * unquoted, objects and arrays as compact JSON, null and undefined as "".
 */
export function renderResult(value: unknown): string {
  return asString(value) ?? '';
}

/** A value read from a header, property, config or parameter: int, long or double when it reads as one. */
export function fromText(text: string): unknown {
  return SynapseNumber.fromText(text) ?? text;
}

/** JSON for a path to walk: JSON values as they are, strings parsed (MI reads a string variable as JSON). */
export function asJsonTarget(value: unknown, what: string): unknown {
  const v = unwrap(value);
  if (typeof v === 'string') {
    try {
      return parseJson(v);
    } catch {
      fail(`${what} is not JSON: ${v}`);
    }
  }
  if (isDomNode(v)) fail(`${what} is XML; a JSONPath cannot be applied to it`);
  return v;
}
