/**
 * JSON the way the Java Hospital-Service writes and reads it (MSF4J's JsonConverter uses `new Gson()`):
 * doubles print as `Double.toString` does (`7000.0`, `1.0E7`), null fields are left out, and the
 * default HTML-safe escaping turns `<`, `>`, `&`, `=` and `'` into `\u003c`-style escapes. Reading is
 * as lenient as Gson's type adapters: a number into a String field keeps its text, `"false"` into a
 * boolean is accepted, a missing primitive keeps its Java default.
 */

/** A value that Java holds as a `double`; plain JS numbers are written as Java ints. */
export class JavaDouble {
  constructor(readonly value: number) {}
}

export const dbl = (n: number): JavaDouble => new JavaDouble(n);

/** A Java exception escaping a resource method; the server answers it like MSF4J does (500). */
export class JavaException extends Error {
  constructor(
    readonly javaClass: string,
    message: string | null,
  ) {
    super(message ?? 'null');
  }
  /** `Throwable.getMessage()`: the literal text `null` for an NPE without a message. */
  get javaMessage(): string {
    return this.message;
  }
}

export const npe = (): JavaException => new JavaException('java.lang.NullPointerException', null);

/** `Double.toString(d)`: plain decimal with at least one fraction digit in [1e-3, 1e7), else `d.dddE±n`. */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    // Number#toString only switches to exponent form below 1e-6 or from 1e21, so this range is plain.
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = d.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\t': '\\t',
  '\b': '\\b',
  '\n': '\\n',
  '\r': '\\r',
  '\f': '\\f',
};

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const short = SHORT_ESCAPES[ch];
    if (short) out += short;
    else if (ch < ' ' || ch === '\u2028' || ch === '\u2029' || '<>&=\''.includes(ch)) {
      out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

/** Serializes like Gson: object keys in insertion order (the Java field order), undefined/null omitted. */
export function toGson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof JavaDouble) return javaDoubleToString(value.value);
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (Array.isArray(value)) return `[${value.map(toGson).join(',')}]`;
  if (value instanceof Map) {
    const parts = [...value].map(([k, v]) => `${quote(String(k))}:${toGson(v)}`);
    return `{${parts.join(',')}}`;
  }
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    parts.push(`${quote(k)}:${toGson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * A value parsed into `Object` (Gson's ObjectTypeAdapter): every number becomes a Double, so it is
 * written back as `1.0`.
 */
export function asJavaObject(v: unknown): unknown {
  if (typeof v === 'number') return dbl(v);
  if (Array.isArray(v)) return v.map(asJavaObject);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asJavaObject(x)]));
  }
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return 'NULL';
  if (Array.isArray(v)) return 'BEGIN_ARRAY';
  switch (typeof v) {
    case 'object':
      return 'BEGIN_OBJECT';
    case 'string':
      return 'STRING';
    case 'number':
      return 'NUMBER';
    case 'boolean':
      return 'BOOLEAN';
  }
  return 'UNKNOWN';
}

function mismatch(expected: string, v: unknown, path: string): JavaException {
  return new JavaException(
    'com.google.gson.JsonSyntaxException',
    `java.lang.IllegalStateException: Expected ${expected} but was ${typeName(v)} at path ${path}`,
  );
}

/** Field readers with Gson's coercions; `path` only feeds error messages. */
export const read = {
  string(v: unknown, path: string): string | undefined {
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw mismatch('a string', v, path);
  },
  double(v: unknown, path: string): number {
    if (v === null || v === undefined) return 0;
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      const n = Number(v.trim());
      if (v.trim() !== '' && Number.isFinite(n)) return n;
      throw new JavaException('com.google.gson.JsonSyntaxException', `java.lang.NumberFormatException: For input string: "${v}"`);
    }
    throw mismatch('a double', v, path);
  },
  int(v: unknown, path: string): number {
    const n = read.double(v, path);
    if (!Number.isInteger(n) || n > 2147483647 || n < -2147483648) {
      throw new JavaException('com.google.gson.JsonSyntaxException', `java.lang.NumberFormatException: Expected an int but was ${n} at path ${path}`);
    }
    return n;
  },
  boolean(v: unknown, path: string): boolean {
    if (v === null || v === undefined) return false;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') return v.toLowerCase() === 'true';
    throw mismatch('a boolean', v, path);
  },
  object(v: unknown, path: string): Record<string, unknown> | undefined {
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    throw mismatch('BEGIN_OBJECT', v, path);
  },
};

/**
 * Parses a request body the way MSF4J's JsonConverter does: bad JSON, or JSON `null`/empty, fails the
 * bean conversion.
 */
export function parseBody(text: string): unknown {
  let v: unknown;
  try {
    v = text.trim() === '' ? null : JSON.parse(text);
  } catch {
    throw new JavaException('org.wso2.msf4j.beanconversion.BeanConversionException', 'Unable to perform json to object conversion');
  }
  if (v === null) {
    throw new JavaException('org.wso2.msf4j.beanconversion.BeanConversionException', 'Unable to perform json to object conversion');
  }
  return v;
}
