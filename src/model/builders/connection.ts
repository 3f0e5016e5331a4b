/**
 * HTTP connector connections as MI for VS Code writes them: a local entry whose key is the connection's
 * name, holding `<http.init>` with the connection type, base URL, authentication and the endpoint rules,
 * in the parameter names of model/catalog/http-connector.ts.
 */
import { HTTP_CONNECTOR } from '../catalog/http-connector';
import { parameterValueIssue } from '../catalog/connectors';
import { el, type XmlElement } from '../xml';
import { checkName, checkUrl, type Field } from './fields';
import { synapseRoot } from './synapse-element';

export type ConnectionAuth = 'None' | 'Basic Auth' | 'OAuth';

/** A field checked against the catalog's type for the parameter of the same name. */
function field(name: string, label: string, extra: Partial<Field> = {}): Field {
  const spec = HTTP_CONNECTOR.connection.find((p) => p.name === name)!;
  const own = extra.check;
  return { name, label, source: { kind: 'text' }, defaultValue: spec.default, hint: spec.doc, ...extra, check: (v) => own?.(v) ?? parameterValueIssue(spec, v) };
}

const BASE_URL = field('baseUrl', 'Base URL', { required: true, defaultValue: 'http://localhost:8080', check: (v) => (v.trim() === '' ? 'A base URL is required' : checkUrl(v)) });
const RULES: readonly Field[] = [
  field('timeoutDuration', 'Timeout (ms, empty for 60000)'),
  field('retryCount', 'Retry count before suspension'),
  field('retryDelay', 'Retry delay (ms)'),
  field('suspendInitialDuration', 'Initial suspend duration (ms, -1 for 30000)'),
];

export const CONNECTION_TYPES: ReadonlyArray<{ type: ConnectionAuth; label: string; description: string; fields: readonly Field[] }> = [
  { type: 'None', label: 'HTTP, no authentication', description: 'Base URL, timeout and suspension', fields: [BASE_URL, ...RULES] },
  {
    type: 'Basic Auth',
    label: 'HTTP with Basic Auth',
    description: 'A user name and password on every request',
    fields: [BASE_URL, field('basicCredentialsUsername', 'User name', { required: true }), field('basicCredentialsPassword', 'Password', { required: true }), ...RULES],
  },
  {
    type: 'OAuth',
    label: 'HTTP with OAuth (client credentials)',
    description: 'An access token from a token URL, renewed when it expires',
    fields: [
      BASE_URL,
      field('oauthClientClientId', 'Client id', { required: true }),
      field('oauthClientClientSecret', 'Client secret', { required: true }),
      field('oauthClientTokenUrl', 'Token URL', { required: true, check: (v) => (v.trim() === '' ? 'A token URL is required' : checkUrl(v)) }),
      ...RULES,
    ],
  },
];

export interface ConnectionState {
  name: string;
  auth: ConnectionAuth;
  values?: Record<string, string>;
}

/** The local entry of an HTTP connection. Throws on a name or value the connection cannot take. */
export function buildHttpConnection(state: ConnectionState): XmlElement {
  const problem = checkName(state.name);
  if (problem) throw new Error(`connection name: ${problem}`);
  const values = state.values ?? {};
  const type = CONNECTION_TYPES.find((t) => t.type === state.auth);
  if (!type) throw new Error(`connection: unknown authentication '${state.auth}'`);
  const children: XmlElement[] = [el('connectionType', {}, ['HTTP'])];
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') children.push(el(name, {}, [value.trim()]));
  };
  for (const f of type.fields) {
    const v = values[f.name] ?? f.defaultValue ?? '';
    const bad = f.check?.(v) ?? (f.required && v.trim() === '' ? `${f.label} is required` : undefined);
    if (bad) throw new Error(`connection ${f.label}: ${bad}`);
  }
  add('baseUrl', values.baseUrl ?? BASE_URL.defaultValue);
  add('authType', state.auth);
  if (state.auth === 'OAuth') {
    add('oauthGrantType', 'Client Credentials');
    add('oauthAuthorizationMode', 'Header');
  }
  for (const f of type.fields) if (f !== BASE_URL) add(f.name, values[f.name] ?? f.defaultValue);
  add('timeoutAction', 'Never');
  add('name', state.name);
  return synapseRoot('localEntry', { key: state.name }, [el('http.init', {}, children)]);
}
