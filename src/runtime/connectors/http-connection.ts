/**
 * An HTTP connector connection: what MI's HTTPConnectionUtils makes of `<http.init>`, an HTTP endpoint
 * `<name>_INTERNAL_ENDPOINT_REFERENCE` whose uri-template is `{uri.var.base}{+uri.var.path}{+uri.var.query}`,
 * with the connection's timeout, retry (markForSuspension) and suspension (suspendOnFailure) rules, and
 * its authentication: Basic, or OAuth (client credentials, password or refresh-token grant) with the
 * access token cached until it expires and fetched anew once when the back end answers 401.
 */
import { connectionIssues, parameterElements, parameterText } from '../../model/catalog/connectors';
import { ConduitError } from '../../model/errors';
import type { XmlElement } from '../../model/xml';
import { DEFAULT_TIMEOUT_MS, type LeafDefinition } from '../endpoints/definition';
import { LeafEndpoint } from '../endpoints/endpoint';
import { DEFAULT_SUSPENSION } from '../endpoints/suspension';
import { MediationFault, SYNAPSE_ERRORS } from '../fault';

export const URI_TEMPLATE = '{uri.var.base}{+uri.var.path}{+uri.var.query}';

interface OAuthGrant {
  grantType: 'client_credentials' | 'password' | 'refresh_token';
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  /** Header: client id and secret as Basic credentials; Payload: as form fields. */
  inHeader: boolean;
  form: Record<string, string>;
}

export interface HttpConnection {
  readonly name: string;
  readonly baseUrl: string;
  readonly endpoint: LeafEndpoint;
  readonly basic?: { username: string; password: string };
  readonly oauth?: OAuthGrant;
}

function codes(text: string | undefined): number[] | undefined {
  if (!text || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((s) => Number.parseInt(s.trim(), 10))
    .filter((n) => Number.isFinite(n));
}

function number(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** `name1:value1, name2:value2` (the connection's additional OAuth properties). */
function pairs(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',')) {
    const colon = part.indexOf(':');
    if (colon > 0) out[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
  return out;
}

/** Reads a connection; throws ConduitError CONDUIT_ARTIFACT_INVALID for the first thing wrong with it. */
export function readHttpConnection(init: XmlElement, key: string, where: string): HttpConnection {
  const issue = connectionIssues(init).find((i) => (i.severity ?? 'error') === 'error');
  if (issue) throw new ConduitError(issue.code, `connection ${key}: ${issue.message}`);
  const values = new Map([...parameterElements(init)].map(([n, el]) => [n, parameterText(el).trim()]));
  const get = (n: string) => values.get(n) || undefined;
  const name = get('name') ?? key;
  const action = get('timeoutAction')?.toLowerCase();
  const def: LeafDefinition = {
    name: `${name}_INTERNAL_ENDPOINT_REFERENCE`,
    where,
    kind: 'http',
    target: URI_TEMPLATE,
    timeoutMs: number(get('timeoutDuration')) ?? DEFAULT_TIMEOUT_MS,
    responseAction: action === 'fault' ? 'fault' : action === 'discard' ? 'discard' : 'never',
    suspension: {
      timeoutCodes: codes(get('retryErrorCodes')) ?? DEFAULT_SUSPENSION.timeoutCodes,
      retriesBeforeSuspension: number(get('retryCount')) ?? 0,
      retryDelay: number(get('retryDelay')) ?? 0,
      suspendCodes: codes(get('suspendErrorCodes')) ?? [],
      initialDuration: number(get('suspendInitialDuration')) ?? -1,
      progressionFactor: number(get('suspendProgressionFactor')) ?? 1,
      maximumDuration: number(get('suspendMaximumDuration')) ?? Number.MAX_SAFE_INTEGER,
    },
    retry: { disabled: [], enabled: [] },
    properties: [],
  };
  const auth = get('authType');
  let basic: HttpConnection['basic'];
  let oauth: OAuthGrant | undefined;
  if (auth === 'Basic Auth') basic = { username: get('basicCredentialsUsername') ?? '', password: get('basicCredentialsPassword') ?? '' };
  else if (auth === 'OAuth') {
    const grant = get('oauthGrantType') ?? 'Authorization Code';
    const inHeader = (get('oauthAuthorizationMode') ?? 'Header') !== 'Payload';
    if (grant === 'Client Credentials')
      oauth = { grantType: 'client_credentials', clientId: get('oauthClientClientId') ?? '', clientSecret: get('oauthClientClientSecret') ?? '', tokenUrl: get('oauthClientTokenUrl') ?? '', inHeader, form: pairs(get('oauthClientAdditionalProperties')) };
    else if (grant === 'Password')
      oauth = {
        grantType: 'password',
        clientId: get('oauthPasswordClientId') ?? '',
        clientSecret: get('oauthPasswordClientSecret') ?? '',
        tokenUrl: get('oauthPasswordTokenUrl') ?? '',
        inHeader,
        form: { username: get('oauthPasswordUsername') ?? '', password: get('oauthPasswordPassword') ?? '', ...pairs(get('oauthPasswordAdditionalProperties')) },
      };
    else
      oauth = {
        grantType: 'refresh_token',
        clientId: get('oauthAuthorizationClientId') ?? '',
        clientSecret: get('oauthAuthorizationClientSecret') ?? '',
        tokenUrl: get('oauthAuthorizationTokenUrl') ?? '',
        inHeader,
        form: { refresh_token: get('oauthAuthorizationRefreshToken') ?? '', ...pairs(get('oauthAuthorizationAdditionalProperties')) },
      };
    if (!oauth.tokenUrl) throw new ConduitError('CONDUIT_ARTIFACT_INVALID', `connection ${key}: OAuth (${grant}) needs its token URL`);
  }
  return { name, baseUrl: get('baseUrl') ?? '', endpoint: new LeafEndpoint(def), basic, oauth };
}

/** Access tokens of OAuth connections, by connection, until they expire. */
export class TokenCache {
  private readonly tokens = new Map<OAuthGrant, { token: string; expiresAt: number }>();

  /** A valid access token, fetched from the token URL when none is cached (or `fresh` is asked). */
  async token(grant: OAuthGrant, timeoutMs: number, fresh = false): Promise<string> {
    const cached = this.tokens.get(grant);
    if (!fresh && cached && cached.expiresAt > Date.now()) return cached.token;
    const form = new URLSearchParams({ grant_type: grant.grantType, ...grant.form });
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (grant.inHeader) headers.Authorization = 'Basic ' + Buffer.from(`${grant.clientId}:${grant.clientSecret}`).toString('base64');
    else {
      form.set('client_id', grant.clientId);
      form.set('client_secret', grant.clientSecret);
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      const res = await fetch(grant.tokenUrl, { method: 'POST', headers, body: form.toString(), signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      if (!res.ok) throw new Error(`the token endpoint answered ${res.status}: ${text.slice(0, 200)}`);
      body = JSON.parse(text) as typeof body;
    } catch (err) {
      throw new MediationFault('CONDUIT_ENDPOINT_UNREACHABLE', `OAuth token request to ${grant.tokenUrl} failed: ${(err as Error).message}`, SYNAPSE_ERRORS.SEND_IO, { cause: err });
    }
    if (typeof body.access_token !== 'string' || body.access_token === '')
      throw new MediationFault('CONDUIT_ENDPOINT_UNREACHABLE', `OAuth token request to ${grant.tokenUrl} returned no access_token`, SYNAPSE_ERRORS.SEND_IO);
    // Renewed a little before it expires, as MI's token cache does; no expiry given: kept for an hour.
    const seconds = Number(body.expires_in);
    const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 3_600_000;
    this.tokens.set(grant, { token: body.access_token, expiresAt: Date.now() + Math.max(0, lifetime - 10_000) });
    return body.access_token;
  }
}
