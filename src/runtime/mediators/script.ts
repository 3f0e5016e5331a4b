/**
 * `<script language="js|nashornJs|rhinoJs" [key=".." function="mediate"]>` with inline JavaScript (usually
 * CDATA) or a registry resource, and `<include key=".."/>`s run before it. The JavaScript runs in the
 * runtime's sandbox process (DataMapperSandbox), in a V8 context of its own with a time and a memory
 * limit and no require, process, file system, network or timers. It sees MI's `mc`: getPayloadJSON /
 * setPayloadJSON, getPayloadXML / setPayloadXML (XML as text), getPayloadText, getEnvelopeXML,
 * getProperty / setProperty / removeProperty (with an optional scope), getMessageID and getServiceLog.
 * A script that returns `false` (or, inline, ends with `false`) stops the flow, as in MI.
 */
import { ConduitError } from '../../model/errors';
import { mediatorIssues, scriptSource } from '../../model/validate/mediator-rules';
import { attr, elements } from '../../model/xml';
import { envelopeOf, firstBodyElement, parseXmlDom, serializeEnvelope, serializeNode } from '../expressions/envelope';
import { DoubleValue, JsonValue, propertyString } from '../expressions/property-values';
import { Payload, type MessageContext } from '../message';
import { DATAMAPPER_TIME_LIMIT_MS } from './datamapper-sandbox';
import { removeScopedProperty, setScopedProperty } from './property';
import type { ScriptInput, ScriptOutput, ScriptScope, ScriptValue } from './script-context';
import { defineMediator } from './types';

interface ScriptConfig {
  source: string;
  /** Where the script came from, for its stack traces: the registry key or `inline script`. */
  filename: string;
  /** The function a registry script defines and the mediator calls with `mc`. */
  fn?: string;
  /** The script reads the payload or envelope as XML, so the snapshot carries them. */
  readsXml: boolean;
  readsEnvelope: boolean;
}

const LOG_LEVELS: ReadonlySet<string> = new Set(['INFO', 'WARN', 'ERROR', 'DEBUG']);
const SCOPES: ReadonlySet<string> = new Set<ScriptScope>(['default', 'axis2', 'transport', 'operation']);

function toScriptValue(v: unknown): ScriptValue {
  if (v === undefined || v === null || typeof v === 'string' || typeof v === 'boolean') return v ?? null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v instanceof DoubleValue) return v.value;
  if (v instanceof JsonValue) return JSON.parse(v.toString()) as ScriptValue;
  return propertyString(v) ?? null;
}

function snapshot(entries: Iterable<[string, unknown]>): Record<string, ScriptValue> {
  const out: Record<string, ScriptValue> = {};
  for (const [k, v] of entries) out[k] = toScriptValue(v);
  return out;
}

function inputOf(c: ScriptConfig, msg: MessageContext): ScriptInput {
  const p = msg.payload;
  const kind = p.kind === 'binary' ? 'text' : p.kind;
  const bodyXml = () => {
    const first = firstBodyElement(envelopeOf(msg));
    return first ? serializeNode(first) : undefined;
  };
  return {
    kind,
    text: kind === 'json' ? p.text : kind === 'xml' && c.readsXml ? (bodyXml() ?? '') : '',
    xml: kind !== 'xml' && c.readsXml ? bodyXml() : undefined,
    envelope: c.readsEnvelope ? serializeEnvelope(msg) : undefined,
    messageId: msg.messageId,
    scopes: {
      default: snapshot(msg.properties),
      axis2: snapshot(msg.axis2),
      transport: snapshot(msg.transportHeaders.entries()),
      operation: snapshot(msg.operation),
    },
  };
}

function failed(message: string): ConduitError {
  return new ConduitError('CONDUIT_SCRIPT_FAILED', `the script failed: ${message}`);
}

/** The script's output as the sandbox sent it; a script can tamper with what builds it, so it is checked. */
function readOutput(text: string): ScriptOutput {
  let out: ScriptOutput;
  try {
    out = JSON.parse(text) as ScriptOutput;
  } catch {
    throw failed('its changes could not be read');
  }
  if (!out || !Array.isArray(out.operations) || !Array.isArray(out.logs)) throw failed('its changes could not be read');
  return out;
}

function fromScriptValue(v: ScriptValue): unknown {
  return typeof v === 'object' && v !== null ? new JsonValue(v) : v;
}

function apply(out: ScriptOutput, msg: MessageContext): void {
  for (const op of out.operations) {
    const scope = 'set' in op ? op.set : op.remove;
    if (!SCOPES.has(scope) || typeof op.name !== 'string') throw failed('its changes could not be read');
    if ('remove' in op || op.value === null) removeScopedProperty(msg, scope, op.name);
    else if (scope === 'transport') msg.transportHeaders.set(op.name, propertyString(fromScriptValue(op.value)) ?? '');
    else setScopedProperty(msg, scope, op.name, fromScriptValue(op.value));
  }
  const payload = out.payload;
  if (!payload) return;
  if (payload.kind === 'json') {
    try {
      JSON.parse(payload.text);
    } catch {
      throw failed('setPayloadJSON was given a value that is not JSON');
    }
    msg.setPayload(Payload.json(payload.text));
  } else if (payload.kind === 'xml') {
    let root;
    try {
      root = parseXmlDom(payload.text).documentElement!;
    } catch (err) {
      throw failed(`setPayloadXML was given text that is not XML: ${(err as Error).message}`);
    }
    msg.setPayload(Payload.xml(serializeNode(root)));
  } else throw failed('its changes could not be read');
}

export default defineMediator<ScriptConfig>({
  name: 'script',
  parse(el, ctx) {
    const issue = mediatorIssues(el, ctx.resource)[0];
    if (issue) ctx.fail(issue.code, issue.message, issue.at);
    const key = attr(el, 'key');
    for (const k of [...elements(el, 'include').map((i) => attr(i, 'key')!), ...(key === undefined ? [] : [key])]) {
      if (!ctx.resource(k)) ctx.fail('CONDUIT_REGISTRY_NOT_FOUND', `the script ${k} is not in the registry`, el);
    }
    // Includes are compiled with the script, as MI's engine evaluates them first.
    const source = scriptSource(el, ctx.resource)!;
    const filename = key ?? 'inline script';
    return {
      source,
      filename,
      fn: key === undefined ? undefined : (attr(el, 'function') ?? 'mediate'),
      readsXml: /getPayloadXML|getPayloadText/.test(source),
      readsEnvelope: /getPayloadText|getEnvelopeXML/.test(source),
    };
  },
  async mediate(c, msg, env) {
    const text = await env.dataMapper.runScript(c.source, JSON.stringify(inputOf(c, msg)), { filename: c.filename, fn: c.fn, timeoutMs: DATAMAPPER_TIME_LIMIT_MS });
    const out = readOutput(text);
    for (const [level, line] of out.logs) env.logger.log(LOG_LEVELS.has(level) ? level : 'INFO', 'ScriptMediator', String(line));
    apply(out, msg);
    return !out.stop;
  },
});
