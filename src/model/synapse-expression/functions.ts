/**
 * The functions of the Synapse expression language, for completion, hover, and the arity check.
 * The runtime implements each one in src/runtime/expressions/synapse/functions.ts; a test keeps the
 * two in step.
 */

export type FunctionCategory = 'string' | 'math' | 'encoding' | 'type' | 'conversion' | 'logic' | 'date' | 'access';

export interface FunctionInfo {
  name: string;
  /** As shown in completion, e.g. `subString(text, start[, end])`. */
  signature: string;
  minArgs: number;
  maxArgs: number;
  category: FunctionCategory;
  /** One line for hovers. */
  doc: string;
}

const f = (name: string, signature: string, minArgs: number, maxArgs: number, category: FunctionCategory, doc: string): FunctionInfo => ({
  name,
  signature,
  minArgs,
  maxArgs,
  category,
  doc,
});

/** Every function MI 4.4 knows, in the order of its documentation. */
export const SYNAPSE_FUNCTIONS: readonly FunctionInfo[] = [
  f('length', 'length(value)', 1, 1, 'string', 'Number of characters of a string, or of elements of an array.'),
  f('toUpper', 'toUpper(text)', 1, 1, 'string', 'The text in upper case.'),
  f('toLower', 'toLower(text)', 1, 1, 'string', 'The text in lower case.'),
  f('subString', 'subString(text, start[, end])', 2, 3, 'string', 'The characters from start (inclusive) to end (exclusive, default: the end).'),
  f('startsWith', 'startsWith(text, prefix)', 2, 2, 'string', 'True if the text starts with the prefix.'),
  f('endsWith', 'endsWith(text, suffix)', 2, 2, 'string', 'True if the text ends with the suffix.'),
  f('contains', 'contains(text, part)', 2, 2, 'string', 'True if the text contains the part.'),
  f('trim', 'trim(text)', 1, 1, 'string', 'The text without leading and trailing white space.'),
  f('replace', 'replace(text, old, new)', 3, 3, 'string', 'The text with every occurrence of old (literal, not a regex) replaced by new.'),
  f('split', 'split(text, regex)', 2, 2, 'string', 'An array of the parts of the text between matches of the regex.'),
  f('indexOf', 'indexOf(text, part[, from])', 2, 3, 'string', 'Position of the first occurrence of part at or after from, or -1.'),
  f('charAt', 'charAt(text, index)', 2, 2, 'string', 'The character at the index.'),
  f('abs', 'abs(number)', 1, 1, 'math', 'The absolute value.'),
  f('ceil', 'ceil(number)', 1, 1, 'math', 'The smallest whole number not below the number.'),
  f('floor', 'floor(number)', 1, 1, 'math', 'The largest whole number not above the number.'),
  f('sqrt', 'sqrt(number)', 1, 1, 'math', 'The square root.'),
  f('log', 'log(number[, base])', 1, 2, 'math', 'The natural logarithm, or the logarithm to the base.'),
  f('pow', 'pow(base, exponent)', 2, 2, 'math', 'The base raised to the exponent.'),
  f('round', 'round(number[, places])', 1, 2, 'math', 'The number rounded half up to a whole number, or to the given decimal places.'),
  f('base64encode', 'base64encode(text[, charset])', 1, 2, 'encoding', 'The Base64 encoding of the text (UTF-8 unless a charset is given).'),
  f('base64decode', 'base64decode(text[, charset])', 1, 2, 'encoding', 'The text a Base64 string encodes.'),
  f('urlEncode', 'urlEncode(text[, charset])', 1, 2, 'encoding', 'The text percent-encoded for a URL (space becomes %20).'),
  f('urlDecode', 'urlDecode(text[, charset])', 1, 2, 'encoding', 'The text with percent-encoding (and + for space) decoded.'),
  f('isString', 'isString(value)', 1, 1, 'type', 'True if the value is a string.'),
  f('isNumber', 'isNumber(value)', 1, 1, 'type', 'True if the value is a number.'),
  f('isArray', 'isArray(value)', 1, 1, 'type', 'True if the value is a JSON array (or a string holding one).'),
  f('isObject', 'isObject(value)', 1, 1, 'type', 'True if the value is a JSON object (or a string holding one).'),
  f('string', 'string(value)', 1, 1, 'conversion', 'The value as a string.'),
  f('integer', 'integer(value)', 1, 1, 'conversion', 'The value as an integer.'),
  f('float', 'float(value)', 1, 1, 'conversion', 'The value as a floating-point number.'),
  f('boolean', 'boolean(value)', 1, 1, 'conversion', 'The value as a boolean ("true" or "false").'),
  f('object', 'object(value)', 1, 1, 'conversion', 'The value as a JSON object; a path may follow: object(x).name.'),
  f('array', 'array(value)', 1, 1, 'conversion', 'The value as a JSON array.'),
  f('exists', 'exists(value)', 1, 1, 'logic', 'True if the value can be read and is not null; never fails.'),
  f('not', 'not(boolean)', 1, 1, 'logic', 'The negation of a boolean (there is no ! operator).'),
  f('now', 'now()', 0, 0, 'date', 'The current time in milliseconds since the epoch.'),
  f('formatDateTime', 'formatDateTime(value, format) | formatDateTime(value, oldFormat, newFormat)', 2, 3, 'date', 'Formats epoch milliseconds, or reparses a date string from oldFormat into newFormat (Java DateTimeFormatter patterns).'),
  f('xpath', "xpath('expression'[, 'variable'])", 1, 2, 'access', 'Evaluates an XPath 1.0 expression on the message, or on an XML variable.'),
  f('registry', "registry('gov:/path')", 1, 1, 'access', "A registry resource; .property('name') reads its property, a path reads into JSON."),
  f('wso2-vault', "wso2-vault('alias')", 1, 1, 'access', 'A secret from the WSO2 secure vault.'),
  f('hashicorp-vault', "hashicorp-vault('path', 'field')", 2, 3, 'access', 'A secret from a HashiCorp Vault.'),
];

const BY_NAME = new Map(SYNAPSE_FUNCTIONS.map((fn) => [fn.name, fn]));

/** The function of that name, or undefined. Names are case-sensitive as in MI. */
export function synapseFunction(name: string): FunctionInfo | undefined {
  return BY_NAME.get(name);
}
