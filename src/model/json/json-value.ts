/**
 * JSON values that keep the text of their numbers. Synapse holds JSON through Gson, which keeps the
 * lexeme of a number (`7000.0`, `10.50`), and every place that prints a value (json-eval, the XML view,
 * payloadFactory) shows that lexeme. JavaScript numbers would print `7000` and `10.5`.
 */
import { parse, stringify, type NumberStringifier } from 'lossless-json';
import { ConduitError } from '../errors';

/** A JSON number with its original text. Compares and computes like a number through valueOf. */
export class JsonNumber {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  valueOf(): number {
    return Number(this.#text);
  }
  toString(): string {
    return this.#text;
  }
  toJSON(): number {
    return Number(this.#text);
  }
}

const numberStringifiers: NumberStringifier[] = [
  { test: (v: unknown) => v instanceof JsonNumber, stringify: (v: unknown) => String(v) },
];

/** Parses JSON text keeping number lexemes. Throws CONDUIT_REQUEST_MALFORMED on bad input. */
export function parseJson(text: string): unknown {
  try {
    return parse(text, null, (s: string) => new JsonNumber(s));
  } catch (err) {
    throw new ConduitError('CONDUIT_REQUEST_MALFORMED', `the JSON text does not parse: ${(err as Error).message}`, { cause: err });
  }
}

/** Compact JSON text, numbers written as they were read. `undefined` members are left out like JSON.stringify. */
export function stringifyJson(value: unknown): string {
  return stringify(value, null, undefined, numberStringifiers) ?? 'null';
}

/** `typeof` for JSON values that counts JsonNumber as a number. */
export function isJsonPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object' || v instanceof JsonNumber;
}
