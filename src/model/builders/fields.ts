/**
 * Field descriptions shared by the builders and the wizards: one table says what a parameter is called,
 * what it defaults to and how it is checked, so the wizard's prompts and the written XML cannot drift apart.
 */

/** Where a field's value comes from when the wizard asks for it. */
export type FieldSource =
  | { kind: 'text' }
  | { kind: 'password' }
  | { kind: 'choice'; options: readonly string[] }
  /** One of the project's artifacts of this kind (a store, sequence or endpoint name). */
  | { kind: 'artifact'; artifact: 'messageStore' | 'sequence' | 'endpoint' };

export interface Field {
  /** The Synapse parameter name (or attribute name for the few fields written as attributes). */
  name: string;
  label: string;
  source: FieldSource;
  /** Shown in the input box and used when the user accepts it as is. */
  defaultValue?: string;
  required?: boolean;
  /** Returns a message when the value is not acceptable; checked as the user types. */
  check?: (value: string) => string | undefined;
  /** Hint shown under the input box. */
  hint?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Artifact names end up as file names and as references from other artifacts. */
export function checkName(value: string): string | undefined {
  if (value.trim() === '') return 'A name is required';
  if (!NAME.test(value)) return 'Use letters, digits, "_", "-" or "." and start with a letter or "_"';
  return undefined;
}

export function checkInteger(min: number, allowMinusOne = false): (value: string) => string | undefined {
  return (value) => {
    if (value.trim() === '') return undefined;
    if (!/^-?\d+$/.test(value.trim())) return 'Enter a whole number';
    const n = Number(value);
    if (allowMinusOne && n === -1) return undefined;
    if (n < min) return `Enter a number of at least ${min}${allowMinusOne ? ' (or -1)' : ''}`;
    return undefined;
  };
}

export function checkPort(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  return value
    .split(',')
    .map((p) => p.trim())
    .some((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535)
    ? 'Enter a port between 1 and 65535 (comma-separated for several hosts)'
    : undefined;
}

export function checkUrl(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  try {
    new URL(value.replace(/\{[^}]*\}/g, 'x'));
    return undefined;
  } catch {
    return 'Enter an absolute URL such as http://localhost:9090/path';
  }
}

/** Runs a field's checks (required + its own) on a value. */
export function checkField(field: Field, value: string | undefined): string | undefined {
  const v = value ?? '';
  if (field.required && v.trim() === '') return `${field.label} is required`;
  return field.check?.(v);
}

/**
 * Checks every field of a form against filled values; returns the problems keyed by field name.
 * The wizards check as the user types; this is the same check for prefilled (scripted) input.
 */
export function checkFields(fields: readonly Field[], values: Record<string, string | undefined>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const f of fields) {
    const p = checkField(f, values[f.name] ?? f.defaultValue);
    if (p) problems[f.name] = p;
  }
  return problems;
}

/** The two fields of a custom store or processor: its class and free-form parameters. */
export const CUSTOM_CLASS_FIELDS: readonly Field[] = [
  { name: 'class', label: 'Implementation class', source: { kind: 'text' }, required: true,
    check: (v) => (v === '' || /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/.test(v) ? undefined : 'Enter a fully qualified class name') },
  { name: 'parameters', label: 'Parameters (name=value, comma-separated)', source: { kind: 'text' }, defaultValue: '',
    check: (v) => (v === '' || v.split(',').every((p) => /^[^=\s]+=/.test(p.trim())) ? undefined : 'Write each parameter as name=value') },
];

/** `a=1, b = two` → [['a', '1'], ['b', 'two']]. */
export function parseParameterList(value: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const pair of value.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out.push([pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]);
  }
  return out;
}
