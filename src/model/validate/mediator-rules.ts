/**
 * What the Conduit runtime refuses in mediators whose rules go beyond the schema: a makefault without
 * the code and reason its SOAP version needs, or with a code that is not a fault code of that version
 * (FaultMediatorFactory refuses the same); an iterate's attachPath without preservePayload or of
 * another kind than its expression; an aggregate's onComplete with both a sequence and mediators; a
 * script in a language other than JavaScript, or JavaScript that does not compile; an xslt without its
 * stylesheet key, with a parameter that has no value or a resource that is not a stylesheet; a validate without schema or on-fail, whose
 * schema does not compile or is an XML Schema; a cache with numbers that are not numbers or parts
 * Conduit does not run; a throttle without id or with a policy it does not run; a callout without its
 * service, or with a source or target that names nothing. The runtime's parse
 * refuses a mediator for the first issue `mediatorIssues` finds and the validator reports every one,
 * with the same code and words.
 */
import { Script } from 'node:vm';
import type { ErrorCode } from '../errors';
import { compileJsonSchema, looksLikeXml } from '../json-schema';
import { attr, child, elements, parseXml, SYNAPSE_NS, textOf, type XmlElement, walkElements } from '../xml';
import { readThrottlePolicy } from '../throttle-policy';
import { javaRegexError } from './java-regex';
import type { ProjectIndex } from './project-index';
import type { RuleContext } from './rule-context';

export interface MediatorIssue {
  code: ErrorCode;
  message: string;
  at: XmlElement;
}

/** Namespace URIs of the SOAP envelopes, by makefault version. */
export const SOAP_ENVELOPE_NS = { soap11: 'http://schemas.xmlsoap.org/soap/envelope/', soap12: 'http://www.w3.org/2003/05/soap-envelope' } as const;

/** The fault codes each SOAP version defines (SOAP11Constants, SOAP12Constants). */
export const SOAP_FAULT_CODES = {
  soap11: ['VersionMismatch', 'MustUnderstand', 'Client', 'Server'],
  soap12: ['VersionMismatch', 'MustUnderstand', 'DataEncodingUnknown', 'Sender', 'Receiver'],
} as const;

/** The namespace a prefix has where `el` is written ('' declares none). */
export function namespaceOfPrefix(el: XmlElement, prefix: string): string | undefined {
  for (let e: XmlElement | undefined = el; e; e = e.parent) if (prefix in e.nsDecls) return e.nsDecls[prefix];
  return undefined;
}

function makefaultIssues(el: XmlElement): MediatorIssue[] {
  const issues: MediatorIssue[] = [];
  const invalid = (message: string, at: XmlElement) => issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message, at });
  const version = attr(el, 'version') ?? 'soap11';
  if (version !== 'soap11' && version !== 'soap12' && version !== 'pox') {
    invalid(`the makefault version '${version}' is not soap11, soap12 or pox`, el);
    return issues;
  }
  const response = attr(el, 'response');
  if (response !== undefined && response !== 'true' && response !== 'false') invalid(`the makefault response '${response}' is not true or false`, el);
  for (const what of ['code', 'reason']) {
    const c = child(el, what);
    if (!c) {
      if (version !== 'pox') invalid(`a ${version} makefault needs a <${what}>`, el);
    } else if (attr(c, 'value') === undefined && attr(c, 'expression') === undefined) invalid(`the makefault <${what}> needs a 'value' or an 'expression'`, c);
  }
  const code = child(el, 'code');
  const value = code && attr(code, 'value');
  if (!code || value === undefined) return issues;
  const colon = value.indexOf(':');
  if (colon < 0) {
    invalid(`the fault code '${value}' must be a QName written prefix:name`, code);
    return issues;
  }
  const prefix = value.slice(0, colon);
  const local = value.slice(colon + 1);
  const ns = namespaceOfPrefix(code, prefix);
  if (ns === undefined) invalid(`the prefix '${prefix}' of the fault code '${value}' is not declared`, code);
  else if (version !== 'pox' && ns !== SOAP_ENVELOPE_NS[version]) invalid(`a ${version} fault code must be in the namespace ${SOAP_ENVELOPE_NS[version]}, not ${ns}`, code);
  else if (version !== 'pox' && !(SOAP_FAULT_CODES[version] as readonly string[]).includes(local)) {
    invalid(`'${local}' is not a ${version} fault code: use ${SOAP_FAULT_CODES[version].join(', ')}`, code);
  }
  return issues;
}

type ExpressionKind = 'xpath' | 'json-eval' | 'synapse';

function expressionKind(text: string): ExpressionKind {
  const t = text.trim();
  if (/^json-eval\(/.test(t)) return 'json-eval';
  if (t.startsWith('${') && t.endsWith('}')) return 'synapse';
  return 'xpath';
}

/** IterateMediatorFactory refuses an attachPath without preservePayload; the runtime splits XPath and JSON apart. */
function iterateIssues(el: XmlElement): MediatorIssue[] {
  const issues: MediatorIssue[] = [];
  const preserve = attr(el, 'preservePayload')?.trim().toLowerCase() === 'true';
  const attach = attr(el, 'attachPath');
  const expression = attr(el, 'expression') ?? '';
  if (attach !== undefined && !preserve) {
    issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message: 'Wrong configuration for the iterate mediator :: if the iterator should not preserve payload, then attachPath can not be present', at: el });
  } else if (attach?.trim() && expression.trim() && (expressionKind(attach) === 'xpath') !== (expressionKind(expression) === 'xpath')) {
    issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message: 'attachPath must be of the same kind as expression: both XPath or both json-eval(...)', at: el });
  }
  if (preserve && expressionKind(expression) === 'synapse') {
    issues.push({ code: 'CONDUIT_UNSUPPORTED', message: 'preservePayload with a ${...} expression is not supported by the Conduit runtime; use json-eval(...)', at: el });
  }
  return issues;
}

function aggregateIssues(el: XmlElement): MediatorIssue[] {
  const onComplete = child(el, 'onComplete');
  if (!onComplete || attr(onComplete, 'sequence') === undefined || elements(onComplete).length === 0) return [];
  return [{ code: 'CONDUIT_ARTIFACT_INVALID', message: '<onComplete> has both a sequence attribute and mediators; use one', at: onComplete }];
}

/** Registry content by key; undefined when the key names nothing the caller can read. */
export type ResourceLookup = (key: string) => Buffer | undefined;

const isDynamicKey = (key: string) => /^\s*\{/.test(key);

/** The script languages that run: MI's JavaScript engines, all run as JavaScript by V8. */
export const SCRIPT_LANGUAGES = ['js', 'nashornJs', 'rhinoJs'];

/** The JavaScript of an inline script: its text, without the `<include>` elements. */
export function inlineScriptSource(el: XmlElement): string {
  return textOf(el);
}

/** Why JavaScript source does not compile, or undefined when it does. */
export function scriptSyntaxError(source: string, filename: string): string | undefined {
  try {
    new Script(source, { filename });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * The JavaScript a script mediator runs: its includes, then the script (inline, or its key's resource);
 * undefined when a resource it names cannot be read here.
 */
export function scriptSource(el: XmlElement, resource: ResourceLookup): string | undefined {
  const key = attr(el, 'key');
  const parts = [...elements(el, 'include').map((i) => attr(i, 'key')), key].map((k) => (k === undefined ? undefined : resource(k)?.toString('utf8')));
  if (parts.some((p, i) => p === undefined && (i < parts.length - 1 || key !== undefined))) return undefined;
  if (key === undefined) parts[parts.length - 1] = inlineScriptSource(el);
  return parts.join('\n');
}

function scriptIssues(el: XmlElement, resource?: ResourceLookup): MediatorIssue[] {
  const issues: MediatorIssue[] = [];
  const language = attr(el, 'language');
  if (!language) issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message: "a script mediator needs a 'language' (js, nashornJs or rhinoJs)", at: el });
  else if (!SCRIPT_LANGUAGES.includes(language)) {
    issues.push({ code: 'CONDUIT_UNSUPPORTED', message: `scripts in '${language}' are not run by the Conduit runtime: only JavaScript (js, nashornJs, rhinoJs)`, at: el });
  }
  const key = attr(el, 'key');
  if (key !== undefined && isDynamicKey(key)) issues.push({ code: 'CONDUIT_UNSUPPORTED', message: 'a script key computed by an expression is not supported by the Conduit runtime', at: el });
  for (const i of elements(el, 'include')) if (!attr(i, 'key')) issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message: 'a script <include> needs a key', at: i });
  const source = key !== undefined && isDynamicKey(key) ? undefined : scriptSource(el, resource ?? (() => undefined));
  const error = source === undefined ? undefined : scriptSyntaxError(source, key ?? 'inline script');
  if (error) issues.push({ code: 'CONDUIT_SCRIPT_FAILED', message: `the script ${key ?? '(inline)'} does not compile: ${error}`, at: el });
  return issues;
}

/** Mediators that send a message out, which a foreach's sequence may not hold (it only transforms). */
const SENDING_MEDIATORS = new Set(['call', 'send', 'callout']);

function foreachIssues(el: XmlElement): MediatorIssue[] {
  if (attr(el, 'collection') !== undefined) {
    return [{ code: 'CONDUIT_UNSUPPORTED', message: 'the MI 4.4 foreach form (collection, parallel-execution, result-target) is not supported by the Conduit runtime yet; write expression="..." with a <sequence>', at: el }];
  }
  const issues: MediatorIssue[] = [];
  const expression = attr(el, 'expression')?.trim() ?? '';
  if (expression === '') issues.push({ code: 'CONDUIT_SCHEMA_MISSING_ATTRIBUTE', message: "<foreach> needs the 'expression' that selects the elements to loop over", at: el });
  else if (expressionKind(expression) === 'synapse') {
    issues.push({ code: 'CONDUIT_UNSUPPORTED', message: 'a foreach expression is an XPath or json-eval(...); ${...} is not supported by the Conduit runtime here', at: el });
  }
  const inline = child(el, 'sequence');
  if (!inline && attr(el, 'sequence') === undefined) issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message: 'a foreach needs a <sequence> or a sequence key to run for each element', at: el });
  if (inline) {
    walkElements(inline, (c) => {
      if (c === inline || !SENDING_MEDIATORS.has(c.local) || (c.ns !== SYNAPSE_NS && c.ns !== '')) return;
      issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message: `<${c.local}> is not allowed in the sequence of a foreach: it only transforms the message; use iterate to call back ends`, at: c });
      return false;
    });
  }
  return issues;
}

const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';

/** Why a registry resource is not an XSLT stylesheet the runtime runs, or undefined when it is one. */
export function stylesheetIssue(key: string, text: string): string | undefined {
  // No DOCTYPE, so no entity is ever declared or expanded.
  if (/<!DOCTYPE/i.test(text)) return `the XSLT ${key} has a DOCTYPE, which is not accepted`;
  const doc = parseXml(text);
  if (doc.errors.length > 0 || !doc.root) return `the XSLT ${key} is not an XML stylesheet: ${doc.errors[0]?.message ?? 'it has no root element'}`;
  if (doc.root.ns !== XSL_NS || (doc.root.local !== 'stylesheet' && doc.root.local !== 'transform')) {
    return `the XSLT ${key} is not a stylesheet: its root is <${doc.root.name}>, not <xsl:stylesheet>`;
  }
  return undefined;
}

function xsltIssues(el: XmlElement, resource?: ResourceLookup): MediatorIssue[] {
  const issues: MediatorIssue[] = [];
  const invalid = (message: string, at: XmlElement) => issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message, at });
  const stylesheet = (k: string, at: XmlElement) => {
    const content = resource?.(k);
    const issue = content && stylesheetIssue(k, content.toString('utf8'));
    if (issue) issues.push({ code: 'CONDUIT_XSLT_FAILED', message: issue, at });
  };
  const key = attr(el, 'key');
  if (!key?.trim()) invalid('an xslt mediator needs the key of its stylesheet', el);
  else if (isDynamicKey(key)) issues.push({ code: 'CONDUIT_UNSUPPORTED', message: 'an XSLT key computed by an expression is not supported by the Conduit runtime', at: el });
  else stylesheet(key, el);
  for (const p of elements(el, 'property')) {
    if (!attr(p, 'name')) invalid('an xslt <property> needs a name: it is the stylesheet parameter it sets', p);
    else if (attr(p, 'value') === undefined && attr(p, 'expression') === undefined) invalid(`the xslt <property name="${attr(p, 'name')}"> needs a 'value' or an 'expression'`, p);
  }
  for (const r of elements(el, 'resource')) {
    if (!attr(r, 'location') || !attr(r, 'key')) invalid("an xslt <resource> needs a 'location' (the href it answers) and a 'key'", r);
    else stylesheet(attr(r, 'key')!, r);
  }
  return issues;
}

function validateIssues(el: XmlElement, resource?: ResourceLookup): MediatorIssue[] {
  const issues: MediatorIssue[] = [];
  const invalid = (message: string, at: XmlElement) => issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message, at });
  const unsupported = (message: string, at: XmlElement) => issues.push({ code: 'CONDUIT_UNSUPPORTED', message, at });
  const schemas = elements(el, 'schema');
  if (schemas.length === 0) invalid('a validate mediator needs a <schema key=".."/>', el);
  if (!child(el, 'on-fail')) invalid('a validate mediator needs an <on-fail> sequence', el);
  const source = attr(el, 'source');
  if (source !== undefined && !/^\s*json-eval\(/.test(source)) {
    unsupported(`the source '${source}' is an XPath, for XML Schema validation, which the Conduit runtime does not run; a JSON schema takes a json-eval(...) source`, el);
  }
  for (const s of schemas) {
    const key = attr(s, 'key');
    if (!key?.trim()) invalid('a validate <schema> needs a key', s);
    else if (isDynamicKey(key)) unsupported('a schema key computed by an expression is not supported by the Conduit runtime', s);
    else {
      const content = resource?.(key)?.toString('utf8');
      if (content === undefined) continue;
      if (looksLikeXml(content)) unsupported(`the schema ${key} is an XML Schema; the Conduit runtime validates JSON payloads against JSON schemas only`, s);
      else {
        try {
          compileJsonSchema(content);
        } catch (err) {
          invalid(`the schema ${key} cannot be used: ${(err as Error).message}`, s);
        }
      }
    }
  }
  return issues;
}

/** The digest generators MI ships; Conduit hashes every request as HttpRequestHashGenerator does. */
export const CACHE_HASH_GENERATORS = [
  'org.wso2.carbon.mediator.cache.digest.HttpRequestHashGenerator',
  'org.wso2.carbon.mediator.cache.digest.DOMHASHGenerator',
  'org.wso2.carbon.mediator.cache.digest.REQUESTHASHGenerator',
];

const isWholeNumber = (v: string) => /^\s*-?\d+\s*$/.test(v);

/**
 * CacheMediatorFactory's numbers and the parts of the cache Conduit does not run: another protocol than
 * HTTP, a custom hash generator, Cache-Control handling and an implementation other than memory.
 */
function cacheIssues(el: XmlElement): MediatorIssue[] {
  const issues: MediatorIssue[] = [];
  const invalid = (message: string, at: XmlElement) => issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message, at });
  const unsupported = (message: string, at: XmlElement) => issues.push({ code: 'CONDUIT_UNSUPPORTED', message, at });
  const collector = attr(el, 'collector');
  if (collector !== undefined && collector !== 'true' && collector !== 'false') invalid(`the cache collector '${collector}' is not true or false`, el);
  for (const name of ['timeout', 'maxMessageSize']) {
    const v = attr(el, name);
    if (v !== undefined && !isWholeNumber(v)) invalid(`the cache ${name} '${v}' is not a whole number`, el);
  }
  const onCacheHit = child(el, 'onCacheHit');
  if (onCacheHit && attr(onCacheHit, 'sequence') !== undefined && elements(onCacheHit).length > 0) {
    invalid('<onCacheHit> has both a sequence attribute and mediators; use one', onCacheHit);
  }
  const generators: Array<[string, XmlElement]> = [];
  const legacyGenerator = attr(el, 'hashGenerator');
  if (legacyGenerator !== undefined) generators.push([legacyGenerator.trim(), el]);
  const protocol = child(el, 'protocol');
  if (protocol) {
    const type = attr(protocol, 'type') ?? 'HTTP';
    if (type.toUpperCase() !== 'HTTP') unsupported(`the cache protocol '${type}' is not run by the Conduit runtime: only HTTP`, protocol);
    const generator = child(protocol, 'hashGenerator');
    if (generator && textOf(generator).trim()) generators.push([textOf(generator).trim(), generator]);
    const codes = child(protocol, 'responseCodes');
    const pattern = codes && textOf(codes).trim();
    const error = pattern ? javaRegexError(pattern) : undefined;
    if (codes && error) invalid(`the cache responseCodes '${pattern}' is not a valid regular expression: ${error}`, codes);
    const cacheControl = child(protocol, 'enableCacheControl');
    if (cacheControl && textOf(cacheControl).trim() === 'true') unsupported('enableCacheControl (honouring Cache-Control, no-store and max-age) is not supported by the Conduit runtime', cacheControl);
  }
  for (const [generator, at] of generators) {
    if (!CACHE_HASH_GENERATORS.includes(generator)) unsupported(`the hash generator ${generator} is a Java class the Conduit runtime does not run; use ${CACHE_HASH_GENERATORS[0]}`, at);
  }
  const implementation = child(el, 'implementation');
  if (implementation) {
    const type = attr(implementation, 'type');
    if (type !== undefined && type !== 'memory') unsupported(`the cache implementation '${type}' is not supported by the Conduit runtime: only memory`, implementation);
    const maxSize = attr(implementation, 'maxSize');
    if (maxSize !== undefined && !isWholeNumber(maxSize)) invalid(`the cache maxSize '${maxSize}' is not a whole number`, implementation);
  }
  return issues;
}

/**
 * The throttle policy a `<throttle>` runs by, inline or from the registry; undefined when its key names
 * nothing `resource` can read (the runtime then refuses it as not in the registry).
 */
export function throttlePolicyOf(el: XmlElement, resource?: ResourceLookup): ReturnType<typeof readThrottlePolicy> | undefined {
  const policy = child(el, 'policy');
  if (!policy) return { issues: [{ code: 'CONDUIT_ARTIFACT_INVALID', message: 'a throttle mediator needs a <policy>, inline or with a key' }] };
  const key = attr(policy, 'key');
  if (key === undefined) return readThrottlePolicy(policy);
  const content = resource?.(key)?.toString('utf8');
  if (content === undefined) return undefined;
  const doc = parseXml(content);
  if (!doc.root || doc.errors.length > 0) return { issues: [{ code: 'CONDUIT_ARTIFACT_INVALID', message: `the throttle policy ${key} is not XML` }] };
  return readThrottlePolicy(doc.root);
}

function throttleIssues(el: XmlElement, resource?: ResourceLookup): MediatorIssue[] {
  const issues: MediatorIssue[] = [];
  if (!attr(el, 'id')?.trim()) issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message: "a throttle mediator needs an 'id'", at: el });
  for (const branch of ['onAccept', 'onReject']) {
    const inline = child(el, branch);
    if (inline && attr(el, branch) !== undefined && elements(inline).length > 0) {
      issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message: `the throttle has both an ${branch} sequence key and inline <${branch}> mediators; use one`, at: inline });
    }
  }
  const at = child(el, 'policy') ?? el;
  for (const i of throttlePolicyOf(el, resource)?.issues ?? []) issues.push({ ...i, at });
  return issues;
}

/** CalloutMediatorFactory's requirements, and the WS-Security and whole-envelope sources Conduit does not run. */
function calloutIssues(el: XmlElement): MediatorIssue[] {
  const issues: MediatorIssue[] = [];
  const invalid = (message: string, at: XmlElement) => issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message, at });
  if (attr(el, 'serviceURL') === undefined && attr(el, 'endpointKey') === undefined) invalid("a callout needs a 'serviceURL' or an 'endpointKey'", el);
  const source = child(el, 'source');
  if (source) {
    if (attr(source, 'type') === 'envelope') issues.push({ code: 'CONDUIT_UNSUPPORTED', message: 'a callout source of type envelope is not supported by the Conduit runtime: name the element with xpath', at: source });
    else if ((attr(source, 'xpath') === undefined) === (attr(source, 'key') === undefined)) invalid("a callout <source> needs either an 'xpath' or a 'key'", source);
  }
  const target = child(el, 'target');
  if (target && (attr(target, 'xpath') === undefined) === (attr(target, 'key') === undefined)) invalid("a callout <target> needs either an 'xpath' or a 'key'", target);
  const sec = child(el, 'enableSec');
  if (sec) issues.push({ code: 'CONDUIT_UNSUPPORTED', message: 'WS-Security on a callout (<enableSec>) is not applied by the Conduit runtime', at: sec });
  return issues;
}

const CHECKS: Record<string, (el: XmlElement, resource?: ResourceLookup) => MediatorIssue[]> = {
  callout: calloutIssues,
  throttle: throttleIssues,
  cache: cacheIssues,
  validate: validateIssues,
  makefault: makefaultIssues,
  script: scriptIssues,
  xslt: xsltIssues,
  iterate: iterateIssues,
  aggregate: aggregateIssues,
  foreach: foreachIssues,
};

/**
 * Problems the runtime refuses this mediator element for (none for mediators without such rules).
 * With `resource`, what the registry resources it names hold is checked too.
 */
export function mediatorIssues(el: XmlElement, resource?: ResourceLookup): MediatorIssue[] {
  return CHECKS[el.local]?.(el, resource) ?? [];
}

/** Artifact kinds whose mediators the runtime compiles (it skips proxies). */
const DEPLOYED_KINDS = new Set(['api', 'sequence', 'template']);

/** Reports every mediator of the artifact that the runtime would refuse for one of these rules. */
export function checkMediators(ctx: RuleContext, index?: ProjectIndex): void {
  if (!DEPLOYED_KINDS.has(ctx.artifact.kind)) return;
  const resource: ResourceLookup = (key) => index?.registryResource(key)?.content;
  walkElements(ctx.artifact.element, (el) => {
    if (CHECKS[el.local] && (el.ns === SYNAPSE_NS || el.ns === '')) for (const i of mediatorIssues(el, resource)) ctx.report(i.code, i.message, i.at.nameRange);
  });
}
