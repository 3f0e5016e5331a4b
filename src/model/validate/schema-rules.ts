/**
 * Checks an artifact's element tree against the language in schema.ts: unknown elements and
 * attributes, missing required ones, attribute values (enums, numbers, booleans, methods, regular
 * expressions, URI templates, expressions), the alternatives some elements need (value or
 * expression), mediators that can never run, and payloadFactory placeholders against its args.
 */
import { connectionIssues, connectionOf, connectorOperationIssues, type ConnectorIssue } from '../catalog/connectors';
import { attr, attrNode, child, elements, type XmlAttr, type XmlElement, walkElements } from '../xml';
import { checkExpression, checkParamValue } from './expressions';
import { javaRegexError } from './java-regex';
import type { RuleContext } from './rule-context';
import {
  childSpecId,
  ELEMENTS,
  isConnectorOperation,
  isIgnoredAttribute,
  ROOTS,
  TERMINAL_MEDIATORS,
  unsupportedMediatorMessage,
  type AttrSpec,
  type ElementSpec,
} from './schema';
import { uriTemplateIssue } from './uri-template';

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
const ENDPOINT_DEFINITIONS = ['http', 'address', 'wsdl', 'default', 'loadbalance', 'failover', 'recipientlist'];

export function checkSchema(ctx: RuleContext): void {
  const id = ROOTS[ctx.artifact.kind];
  if (!id) return;
  // An explicit stack, in document order: see walkElements.
  const stack: Array<[XmlElement, string]> = [[ctx.artifact.element, id]];
  while (stack.length > 0) {
    const [el, elId] = stack.pop()!;
    const next = checkElement(ctx, el, elId, el === ctx.artifact.element);
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
}

/** Checks one element against its spec; returns its children to check next, with their spec ids. */
function checkElement(ctx: RuleContext, el: XmlElement, id: string, isRoot: boolean): Array<[XmlElement, string]> {
  const spec = ELEMENTS[id];
  checkAttributes(ctx, el, spec, isRoot);
  checkAlternatives(ctx, el, id);
  const next: Array<[XmlElement, string]> = [];
  if (id === 'localEntry') {
    const connection = connectionOf(el);
    if (connection) reportConnectorIssues(ctx, connectionIssues(connection));
  }
  if (spec.free && !spec.children && !spec.mediators) return next;

  let stopper: XmlElement | undefined;
  const unreachable: XmlElement[] = [];
  for (const c of elements(el)) {
    if (c.ns !== el.ns) {
      if (!spec.free) ctx.report('CONDUIT_SCHEMA_UNKNOWN_ELEMENT', `<${c.name}> (namespace ${c.ns || 'none'}) is not allowed in <${el.local}>`, c.nameRange);
      continue;
    }
    const inChildren = spec.children?.[c.local] !== undefined;
    const isMediator = !!spec.mediators && !inChildren && c.local !== 'description';
    if (isMediator) {
      if (stopper) unreachable.push(c);
      else if (TERMINAL_MEDIATORS.has(c.local)) stopper = c;
    }
    const childId = childSpecId(spec, c.local);
    if (childId) next.push([c, childId]);
    else if (isMediator && isConnectorOperation(c.local)) reportConnectorIssues(ctx, connectorOperationIssues(c));
    else if (isMediator && unsupportedMediatorMessage(c.local)) ctx.report('CONDUIT_UNSUPPORTED', unsupportedMediatorMessage(c.local)!, c.nameRange);
    else if (!spec.free) ctx.report('CONDUIT_SCHEMA_UNKNOWN_ELEMENT', unknownElementMessage(el, spec, c), c.nameRange);
  }
  if (stopper && unreachable.length > 0) {
    const first = unreachable[0];
    const last = unreachable[unreachable.length - 1];
    const what = unreachable.length === 1 ? `<${first.local}> never runs` : `these ${unreachable.length} mediators never run`;
    ctx.report('CONDUIT_MEDIATOR_UNREACHABLE', `${what}: <${stopper.local}> before ${unreachable.length === 1 ? 'it' : 'them'} ends mediation in this list`, {
      start: first.range.start,
      end: last.range.end,
    });
  }
  for (const required of spec.requiredChildren ?? []) {
    if (!child(el, required)) ctx.report('CONDUIT_SCHEMA_MISSING_ELEMENT', `<${el.local}> needs a <${required}> element`, el.nameRange);
  }
  if (id === 'payloadFactory') checkPayloadArgs(ctx, el);
  return next;
}

function reportConnectorIssues(ctx: RuleContext, issues: ConnectorIssue[]): void {
  for (const i of issues) ctx.report(i.code, i.message, i.at.nameRange, i.severity);
}

function unknownElementMessage(parent: XmlElement, spec: ElementSpec, c: XmlElement): string {
  if (spec.mediators) return `<${c.local}> is not a mediator Conduit knows (in <${parent.local}>)`;
  const allowed = Object.keys(spec.children ?? {});
  return allowed.length > 0
    ? `<${c.local}> is not allowed in <${parent.local}>; expected ${allowed.map((a) => `<${a}>`).join(', ')}`
    : `<${parent.local}> takes no child elements`;
}

function checkAttributes(ctx: RuleContext, el: XmlElement, spec: ElementSpec, isRoot: boolean): void {
  const checkUnknown = !(spec.free && Object.keys(spec.attrs).length === 0);
  for (const a of el.attrs) {
    if (isIgnoredAttribute(a.name)) continue;
    const as = spec.attrs[a.name];
    if (!as) {
      if (checkUnknown) ctx.report('CONDUIT_SCHEMA_UNKNOWN_ATTRIBUTE', `<${el.local}> has no attribute '${a.name}'${suggest(a.name, Object.keys(spec.attrs))}`, a.range);
      continue;
    }
    checkValue(ctx, el, a, as);
  }
  for (const [name, as] of Object.entries(spec.attrs)) {
    if (!as.required) continue;
    // A nameless artifact is already reported when the file is read.
    if (isRoot && (name === 'name' || name === 'key')) continue;
    const a = attrNode(el, name);
    if (!a || a.value.trim() === '') ctx.report('CONDUIT_SCHEMA_MISSING_ATTRIBUTE', `<${el.local}> needs the '${name}' attribute: ${as.doc}`, a ? a.valueRange : el.nameRange);
  }
}

function checkValue(ctx: RuleContext, el: XmlElement, a: XmlAttr, as: AttrSpec): void {
  const value = a.value.trim();
  const invalid = (message: string) => ctx.report('CONDUIT_SCHEMA_INVALID_VALUE', message, a.valueRange);
  const dynamic = value.startsWith('{') || value.startsWith('$');
  switch (as.type) {
    case 'enum': {
      if (dynamic || value === '') return;
      const ok = as.values?.some((v) => v.toLowerCase() === value.toLowerCase());
      const released = as.renamed?.[value];
      if (!ok && released) invalid(`${a.name} '${value}' of <${el.local}> is the pre-release name: MI 4.4.0 and later write '${released}'`);
      else if (!ok) invalid(`'${value}' is not a valid ${a.name} of <${el.local}>: use ${list(as.values ?? [])}`);
      return;
    }
    case 'integer':
      if (!dynamic && !/^-?\d+$/.test(value)) invalid(`${a.name} must be a whole number, not '${value}'`);
      return;
    case 'number':
      if (!dynamic && !/^-?\d+(\.\d+)?$/.test(value)) invalid(`${a.name} must be a number, not '${value}'`);
      return;
    case 'boolean':
      if (!dynamic && !/^(true|false)$/i.test(value)) invalid(`${a.name} must be true or false, not '${value}'`);
      return;
    case 'methods': {
      const seen = new Set<string>();
      for (const m of value.split(/\s+/).filter((s) => s !== '')) {
        const upper = m.toUpperCase();
        if (!HTTP_METHODS.has(upper)) return invalid(`'${m}' is not an HTTP method: use ${list([...HTTP_METHODS])}`);
        if (seen.has(upper)) return invalid(`${upper} is listed twice`);
        seen.add(upper);
      }
      return;
    }
    case 'expression': {
      if (a.value.trim() === '') return;
      const jsonByDefault = el.local === 'arg' && attr(el, 'evaluator')?.trim() === 'json';
      const issue = checkExpression(a.value, jsonByDefault);
      if (issue) ctx.report(issue.code, issue.message, ctx.subRange(a.valueRange, a.value, issue.start, issue.end));
      return;
    }
    case 'param-value': {
      const issue = checkParamValue(a.value);
      if (issue) ctx.report(issue.code, issue.message, ctx.subRange(a.valueRange, a.value, issue.start, issue.end));
      return;
    }
    case 'key': {
      // A dynamic key (`{xpath}`, `{json-eval(..)}`, `{${..}}`) is compiled when the artifact deploys;
      // `{{..}}` escapes the braces of a static one (ValueFactory).
      if (!(value.startsWith('{') && value.endsWith('}')) || /^\{\{.+\}\}$/s.test(value)) return;
      const start = a.value.indexOf('{') + 1;
      const issue = checkExpression(value.slice(1, -1));
      if (issue) ctx.report(issue.code, issue.message, ctx.subRange(a.valueRange, a.value, start + issue.start, start + issue.end));
      return;
    }
    case 'regex': {
      const error = javaRegexError(a.value);
      if (error) ctx.report('CONDUIT_REGEX_INVALID', `invalid regular expression '${a.value}': ${error}`, a.valueRange);
      return;
    }
    case 'uri-template': {
      const issue = uriTemplateIssue(a.value, el.local === 'resource' ? 'resource' : 'endpoint');
      if (issue) ctx.report('CONDUIT_URI_TEMPLATE_INVALID', `invalid URI template '${a.value}': ${issue.message}`, ctx.subRange(a.valueRange, a.value, issue.start, issue.end));
      return;
    }
    default:
      return;
  }
}

/** Elements that need one of several attributes (or content) rather than one fixed attribute. */
function checkAlternatives(ctx: RuleContext, el: XmlElement, id: string): void {
  const has = (name: string) => (attr(el, name)?.trim() ?? '') !== '';
  // MI takes an empty value="" as the empty string on property, variable and payloadFactory args (only a
  // missing one is refused); a mediator's <property> is refused with an empty value.
  const present = (name: string) => attr(el, name) !== undefined;
  const removing = attr(el, 'action')?.trim().toLowerCase() === 'remove';
  const hasChildElement = elements(el).length > 0;
  const need = (message: string) => ctx.report('CONDUIT_SCHEMA_MISSING_ATTRIBUTE', message, el.nameRange);
  switch (id) {
    case 'property':
      if (!removing && !present('value') && !has('expression') && !hasChildElement) need(`<property> needs 'value' or 'expression' (or inline XML) unless action="remove"`);
      return;
    case 'variable':
      if (!removing && !present('value') && !has('expression')) need(`<variable> needs 'value' or 'expression' unless action="remove"`);
      return;
    case 'log.property':
    case 'ep.property':
      if (!has('value') && !has('expression') && !hasChildElement) need(`<property> needs 'value' or 'expression'`);
      return;
    case 'pf.arg':
      if (!present('value') && !has('expression')) need(`<arg> needs 'value' or 'expression'`);
      return;
    case 'header':
      if (hasChildElement) return;
      if (!has('name')) need(`<header> needs 'name' (or an inline SOAP header element)`);
      else if (!removing && !has('value') && !has('expression')) need(`<header> needs 'value' or 'expression' unless action="remove"`);
      return;
    case 'filter':
      if (has('xpath')) return;
      if (has('source') !== has('regex')) need(`<filter> with '${has('source') ? 'source' : 'regex'}' also needs '${has('source') ? 'regex' : 'source'}'`);
      else if (!has('source')) need(`<filter> needs 'xpath', or 'source' and 'regex'`);
      return;
    case 'sequence.ref':
      if (!has('key') && !hasChildElement) need(`<sequence> needs the 'key' of the sequence to run`);
      return;
    case 'endpoint':
      if (!has('key') && !has('key-expression') && !has('template') && !ENDPOINT_DEFINITIONS.some((d) => child(el, d))) {
        need(`<endpoint> needs 'key' naming an endpoint, or an inline definition (${ENDPOINT_DEFINITIONS.map((d) => `<${d}>`).join(', ')})`);
      }
      return;
    case 'endpoint.artifact':
      if (!has('key') && !has('template') && !ENDPOINT_DEFINITIONS.some((d) => child(el, d))) {
        ctx.report('CONDUIT_SCHEMA_MISSING_ELEMENT', `endpoint needs a definition: ${ENDPOINT_DEFINITIONS.map((d) => `<${d}>`).join(', ')}`, el.nameRange);
      }
      return;
    case 'api':
      if (has('version') && !has('version-type')) need(`<api> with 'version' also needs 'version-type' (context or url)`);
      return;
    case 'resource':
      if (has('uri-template') && has('url-mapping')) {
        ctx.report('CONDUIT_SCHEMA_INVALID_VALUE', `<resource> has both 'uri-template' and 'url-mapping'; 'url-mapping' wins and the template is ignored`, attrNode(el, 'uri-template')!.range, 'warning');
      }
      return;
    default:
      return;
  }
}

/** `$n` placeholders of a payloadFactory format against its `<arg>`s. */
function checkPayloadArgs(ctx: RuleContext, el: XmlElement): void {
  const format = child(el, 'format');
  if (!format || attr(format, 'key') !== undefined) return;
  if (attr(el, 'template-type')?.trim().toLowerCase() === 'freemarker') return;
  const argsEl = child(el, 'args');
  const args = argsEl ? elements(argsEl, 'arg') : [];
  const used = new Set<number>();
  const visit = (text: string, range: import('../xml').Range) => {
    for (const m of text.matchAll(/\$(\d+)/g)) {
      const n = Number(m[1]);
      used.add(n);
      if (n < 1 || n > args.length) {
        const has = args.length === 0 ? 'there are no <arg>s' : `there ${args.length === 1 ? 'is 1 <arg>' : `are ${args.length} <arg>s`}`;
        ctx.report('CONDUIT_PAYLOAD_ARGS_MISMATCH', `$${n} has no argument: ${has}`, ctx.subRange(range, text, m.index, m.index + m[0].length));
      }
    }
  };
  walkElements(format, (e) => {
    for (const a of e.attrs) visit(a.value, a.valueRange);
    for (const c of e.children) if (c.kind === 'text') visit(c.text, c.range);
  });
  args.forEach((a, i) => {
    if (!used.has(i + 1)) ctx.report('CONDUIT_PAYLOAD_ARGS_MISMATCH', `argument ${i + 1} is not used: the format has no $${i + 1}`, a.range, 'warning');
  });
}

function list(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** ` (did you mean 'x'?)` for a near miss, else ''. */
export function suggest(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean '${best}'?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
