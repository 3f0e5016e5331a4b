/**
 * Connectors, as MI runs them: a set of operations written `<prefix.operation configKey="Conn">` with
 * their parameters as child elements, and a connection, the `<prefix.init>` element a local entry holds
 * (`configKey` names that local entry). The validator checks operations and connections against these
 * entries, the language server completes and explains them, the New Connection wizard writes them, and
 * the runtime (src/runtime/connectors/) runs the connectors listed here in the same words.
 */
import type { ErrorCode } from '../errors';
import { attr, elements, textOf, type XmlElement } from '../xml';
import { HTTP_CONNECTOR } from './http-connector';
import type { ParameterSpec } from './parameters';

export interface ConnectorOperationSpec {
  /** The part after the dot: `post` in `<http.post>`. */
  name: string;
  doc: string;
  parameters: readonly ParameterSpec[];
  /** Operations that take no connection (`configKey`). */
  noConnection?: boolean;
}

export interface ConnectorSpec {
  /** The prefix of its elements: `http` in `<http.post>`. */
  name: string;
  displayName: string;
  doc: string;
  /** The children of `<prefix.init>` in a connection's local entry. */
  connection: readonly ParameterSpec[];
  operations: readonly ConnectorOperationSpec[];
}

/** Every connector Conduit knows and runs. */
export const CONNECTORS: readonly ConnectorSpec[] = [HTTP_CONNECTOR];

export function connectorSpec(name: string): ConnectorSpec | undefined {
  return CONNECTORS.find((c) => c.name === name);
}

/** Splits `http.post` into its connector and operation names; undefined for a name without a dot. */
export function splitOperation(local: string): { connector: string; operation: string } | undefined {
  const dot = local.indexOf('.');
  if (dot <= 0 || dot === local.length - 1) return undefined;
  return { connector: local.slice(0, dot), operation: local.slice(dot + 1) };
}

/** The connector and operation an element name like `http.post` stands for, when Conduit knows both. */
export function connectorOperation(local: string): { connector: ConnectorSpec; operation: ConnectorOperationSpec } | undefined {
  const parts = splitOperation(local);
  const connector = parts && connectorSpec(parts.connector);
  const operation = connector?.operations.find((o) => o.name === parts!.operation);
  return connector && operation ? { connector, operation } : undefined;
}

/** Why a connector operation Conduit does not know is refused, naming it; undefined for a known one. */
export function unknownOperationMessage(local: string): string | undefined {
  const parts = splitOperation(local);
  if (!parts) return undefined;
  const connector = connectorSpec(parts.connector);
  if (!connector)
    return `<${local}>: the ${parts.connector} connector is not one the Conduit runtime runs (it runs ${CONNECTORS.map((c) => c.name).join(', ')}); Conduit refuses to deploy an artifact that uses it`;
  if (!connector.operations.some((o) => o.name === parts.operation))
    return `<${local}>: the ${connector.name} connector has no operation '${parts.operation}' (it has ${connector.operations.map((o) => o.name).join(', ')})`;
  return undefined;
}

export interface ConnectorIssue {
  code: ErrorCode;
  message: string;
  at: XmlElement;
  severity?: 'error' | 'warning';
}

/** Checks one parameter's text against its spec; a `${...}` or `{...}` expression is checked when it runs. */
export function parameterValueIssue(spec: ParameterSpec, text: string): string | undefined {
  const v = text.trim();
  if (v === '' || isDynamicValue(v) || v.includes('${')) return undefined;
  switch (spec.type) {
    case 'boolean':
      return v === 'true' || v === 'false' ? undefined : `${spec.name} must be true or false, not '${v}'`;
    case 'integer':
      if (!/^[+-]?\d+$/.test(v)) return `${spec.name} must be a whole number, not '${v}'`;
      return spec.min !== undefined && Number(v) < spec.min ? `${spec.name} must be at least ${spec.min}, not ${v}` : undefined;
    case 'number':
      return Number.isFinite(Number(v)) ? undefined : `${spec.name} must be a number, not '${v}'`;
    case 'enum':
      return spec.values?.includes(v) ? undefined : `${spec.name} must be one of ${spec.values?.join(', ')}, not '${v}'`;
    default:
      return undefined;
  }
}

/** A whole value written `{$ctx:x}`, `{json-eval(...)}` or `{${...}}`: MI evaluates it when the operation runs. */
export function isDynamicValue(text: string): boolean {
  const v = text.trim();
  return /^\{\s*(\$|json-eval\(|get-property\(|\/)/.test(v) && v.endsWith('}');
}

/** The parameter elements of an operation or connection, by name (the last one wins, as MI reads them). */
export function parameterElements(el: XmlElement): Map<string, XmlElement> {
  const out = new Map<string, XmlElement>();
  for (const c of elements(el)) out.set(c.local, c);
  return out;
}

/** A parameter's value as written: the text of its element. */
export function parameterText(el: XmlElement): string {
  return elements(el).length > 0 ? '' : textOf(el);
}

function checkParameters(el: XmlElement, specs: readonly ParameterSpec[], what: string, issues: ConnectorIssue[]): void {
  const given = parameterElements(el);
  for (const c of elements(el)) {
    const spec = specs.find((p) => p.name === c.local);
    if (!spec) {
      issues.push({ code: 'CONDUIT_SCHEMA_UNKNOWN_ELEMENT', message: `<${c.local}> is not a parameter of ${what} (it takes ${specs.map((p) => p.name).join(', ')})`, at: c, severity: 'warning' });
      continue;
    }
    const problem = parameterValueIssue(spec, parameterText(c));
    if (problem) issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message: `${what}: ${problem}`, at: c });
  }
  for (const spec of specs) {
    if (spec.required && (!given.has(spec.name) || parameterText(given.get(spec.name)!).trim() === ''))
      issues.push({ code: 'CONDUIT_SCHEMA_MISSING_ELEMENT', message: `${what} needs <${spec.name}>`, at: el });
  }
}

/**
 * What is wrong with a connector operation element: unknown connector or operation (CONDUIT_UNSUPPORTED,
 * naming it), a missing `configKey`, parameters that are not the operation's or whose values are not of
 * their type, a headers value that is not a JSON array. The runtime refuses for the first error.
 */
export function connectorOperationIssues(el: XmlElement): ConnectorIssue[] {
  const unknown = unknownOperationMessage(el.local);
  if (unknown) return [{ code: 'CONDUIT_UNSUPPORTED', message: unknown, at: el, severity: 'warning' }];
  const known = connectorOperation(el.local);
  if (!known) return [];
  const issues: ConnectorIssue[] = [];
  const what = `<${el.local}>`;
  if (!known.operation.noConnection && (attr(el, 'configKey') ?? '').trim() === '')
    issues.push({ code: 'CONDUIT_SCHEMA_MISSING_ATTRIBUTE', message: `${what} needs a configKey naming the local entry that holds its connection (<${known.connector.name}.init>)`, at: el });
  checkParameters(el, known.operation.parameters, what, issues);
  const headers = parameterElements(el).get('headers');
  if (headers) {
    const text = parameterText(headers).trim();
    if (text !== '' && !isDynamicValue(text) && !text.includes('${')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed)) issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message: `${what}: headers must be a JSON array of ["Name","value"] pairs, not '${text}'`, at: headers });
    }
  }
  return issues;
}

/** The connector whose connection a `<prefix.init>` element is; undefined for other elements. */
export function connectionConnector(el: XmlElement): ConnectorSpec | undefined {
  const parts = splitOperation(el.local);
  return parts?.operation === 'init' ? connectorSpec(parts.connector) : undefined;
}

/** What is wrong with a connection (`<prefix.init>` in a local entry), checked as an operation is. */
export function connectionIssues(el: XmlElement): ConnectorIssue[] {
  const connector = connectionConnector(el);
  if (!connector) {
    const parts = splitOperation(el.local);
    if (parts?.operation === 'init')
      return [{ code: 'CONDUIT_UNSUPPORTED', message: `<${el.local}>: the ${parts.connector} connector is not one the Conduit runtime runs (it runs ${CONNECTORS.map((c) => c.name).join(', ')})`, at: el, severity: 'warning' }];
    return [];
  }
  const issues: ConnectorIssue[] = [];
  checkParameters(el, connector.connection, `the ${connector.displayName} connection`, issues);
  return issues;
}

/** The connection element a local entry holds, if it holds one. */
export function connectionOf(localEntry: XmlElement): XmlElement | undefined {
  return elements(localEntry).find((c) => splitOperation(c.local)?.operation === 'init');
}
