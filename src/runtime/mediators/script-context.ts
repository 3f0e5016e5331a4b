/**
 * The `mc` object a script mediator's JavaScript sees, and what crosses between the runtime and the
 * sandbox process for one script run. `mc` is made by code that runs inside the script's own V8
 * context, over a snapshot of the message given as JSON text: no object or function of the runtime's
 * realm is ever handed to a script (one would lead it to that realm's Function, and from there to
 * `process`). The script's changes come back as a list of operations, also as JSON text.
 */

/** A property as the script reads it: JSON data, or an XML element as its text. */
export type ScriptValue = null | boolean | number | string | unknown[] | { [k: string]: unknown };

export type ScriptScope = 'default' | 'axis2' | 'transport' | 'operation';

export interface ScriptInput {
  /** `json`: `text` is the JSON body; `xml`: the body's first element; otherwise there is no JSON body. */
  kind: 'json' | 'xml' | 'text' | 'none';
  text: string;
  /** The body as XML (the `<jsonObject>` view of JSON), when the script reads it. */
  xml?: string;
  /** The whole envelope as XML, when the script reads it. */
  envelope?: string;
  messageId: string;
  scopes: Record<ScriptScope, Record<string, ScriptValue>>;
}

export type ScriptOperation = { set: ScriptScope; name: string; value: ScriptValue } | { remove: ScriptScope; name: string };

export interface ScriptOutput {
  operations: ScriptOperation[];
  payload?: { kind: 'json' | 'xml'; text: string };
  /** The script returned (or, inline, ended with) `false`: the flow stops, as in MI. */
  stop: boolean;
  logs: Array<[level: 'INFO' | 'WARN' | 'ERROR' | 'DEBUG', text: string]>;
}

/**
 * Defines `mc` and `print` on the script's global, from `__input` (ScriptInput as JSON text), and
 * `__output()`, which gives ScriptOutput as JSON text. Runs inside the script's context.
 */
export const SCRIPT_CONTEXT_SOURCE = `(() => {
  const input = JSON.parse(globalThis.__input);
  delete globalThis.__input;
  const scopes = input.scopes;
  const operations = [];
  const logs = [];
  let payload;
  let json;
  let jsonRead = false;
  const scopeOf = (scope) => {
    const s = scope === undefined || scope === null ? 'default' : String(scope);
    if (s === 'axis2-client') return 'axis2';
    if (!(s in scopes)) throw new Error('unknown property scope ' + s + ' (default, axis2, transport, operation)');
    return s;
  };
  const toValue = (v) => {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
    const text = JSON.stringify(v);
    return text === undefined ? String(v) : JSON.parse(text);
  };
  const line = (level) => (...parts) => { logs.push([level, parts.map(String).join(' ')]); };
  const log = { info: line('INFO'), warn: line('WARN'), error: line('ERROR'), debug: line('DEBUG'), trace: line('DEBUG'),
    isInfoEnabled: () => true, isDebugEnabled: () => false, isTraceEnabled: () => false };
  const mc = {
    getPayloadJSON() {
      if (!jsonRead) {
        jsonRead = true;
        const p = payload ?? input;
        json = p.kind === 'json' && p.text.trim() !== '' ? JSON.parse(p.text) : {};
      }
      return json;
    },
    setPayloadJSON(value) {
      const text = JSON.stringify(value === undefined ? null : value);
      payload = { kind: 'json', text };
      json = value;
      jsonRead = true;
    },
    getPayloadXML() {
      if (payload) return payload.kind === 'xml' ? payload.text : undefined;
      return input.kind === 'xml' ? input.text : input.xml;
    },
    setPayloadXML(xml) {
      payload = { kind: 'xml', text: String(xml) };
      jsonRead = false;
    },
    getPayloadText() {
      if (payload) return payload.text;
      return input.kind === 'json' ? input.text : input.envelope;
    },
    getEnvelopeXML() { return input.envelope; },
    getMessageID() { return input.messageId; },
    getProperty(name, scope) {
      const s = scopeOf(scope);
      let key = String(name);
      // HTTP header names are case-insensitive, as the transport scope's map is in MI.
      if (s === 'transport' && !(key in scopes[s])) key = Object.keys(scopes[s]).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
      const v = scopes[s][key];
      return v === undefined ? null : v;
    },
    setProperty(name, value, scope) {
      const s = scopeOf(scope);
      const v = toValue(value);
      scopes[s][String(name)] = v;
      operations.push({ set: s, name: String(name), value: v });
    },
    removeProperty(name, scope) {
      const s = scopeOf(scope);
      delete scopes[s][String(name)];
      operations.push({ remove: s, name: String(name) });
    },
    getServiceLog() { return log; },
  };
  // Scripts written for MI's engines read a JSON payload with eval (eval(mc.getPayloadJSON()), or
  // eval('(' + text + ')')). The sandbox generates no code from strings, so eval here evaluates data only:
  // a value that is not a string is itself, as with the real eval, and a string must be JSON.
  const evalData = (source) => {
    if (typeof source !== 'string') return source;
    let text = source.trim();
    if (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1);
    try {
      return JSON.parse(text);
    } catch {
      throw new EvalError('eval in a script mediator evaluates JSON data only, not code');
    }
  };
  Object.defineProperty(globalThis, 'eval', { value: evalData, writable: true, configurable: true });
  Object.defineProperty(globalThis, 'mc', { value: mc, enumerable: true });
  Object.defineProperty(globalThis, 'print', { value: line('INFO'), enumerable: true });
  Object.defineProperty(globalThis, '__output', {
    value: (stop) => JSON.stringify({ operations, payload, stop, logs }),
  });
})()`;
