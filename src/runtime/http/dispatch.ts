/**
 * API and resource selection for one request, following Synapse's ApiUtils and dispatchers: the API
 * whose context prefixes the path (versioned APIs first), then among the resources that accept the
 * method: url-mapping, then uri-template, then a resource with neither. No resource for the path is
 * 404, a resource for the path but not the method is 405, a failing content-type/user-agent filter 400.
 */
import type { CompiledApi, CompiledResource } from '../api';
import { rankUrlMapping } from './url-mapping';

export interface DispatchRequest {
  method: string;
  /** Path and query as received, e.g. `/healthcare/querydoctor/surgery?x=1`. */
  path: string;
  contentType?: string;
  userAgent?: string;
  hasBody: boolean;
  host?: string;
  port?: number;
}

export type DispatchResult =
  | { kind: 'matched'; api: CompiledApi; resource: CompiledResource; subPath: string; uriVars: Record<string, string> }
  /** OPTIONS to a resource that does not list OPTIONS: answered with the allowed methods. */
  | { kind: 'options'; api: CompiledApi; allow: string[] }
  | { kind: 'no-api' }
  | { kind: 'status'; api: CompiledApi; status: 404 | 405 | 400 };

/** MI's ApiUtils.matchApiPath. */
function contextMatches(path: string, context: string): boolean {
  if (context === '/') return true;
  return path === context || path.startsWith(context + '/') || path.startsWith(context + '?');
}

function apiContext(api: CompiledApi): string {
  return api.versionType === 'url' ? `${api.context === '/' ? '' : api.context}/${api.version}` : api.context;
}

export function selectApi(apis: Iterable<CompiledApi>, req: DispatchRequest): CompiledApi | undefined {
  const all = [...apis];
  const ordered = [...all.filter((a) => a.version !== undefined), ...all.filter((a) => a.version === undefined)];
  return ordered.find((a) => {
    if (a.hostname && req.host && a.hostname !== req.host) return false;
    if (a.port !== undefined && req.port !== undefined && a.port !== req.port) return false;
    return contextMatches(req.path, apiContext(a));
  });
}

function pathMatch(r: CompiledResource, subPath: string): { rank: number; vars: Record<string, string> } | undefined {
  if (r.urlMapping) {
    const rank = rankUrlMapping(r.urlMapping, subPath);
    return rank === undefined ? undefined : { rank, vars: {} };
  }
  if (r.uriTemplate) {
    const vars = r.uriTemplate.match(subPath);
    return vars ? { rank: 3_000_000, vars } : undefined;
  }
  return { rank: 4_000_000, vars: {} };
}

export function dispatch(apis: Iterable<CompiledApi>, req: DispatchRequest): DispatchResult {
  const api = selectApi(apis, req);
  if (!api) return { kind: 'no-api' };
  const ctx = apiContext(api);
  let subPath = ctx === '/' ? req.path : req.path.slice(ctx.length);
  if (subPath === '' || subPath.startsWith('?')) subPath = '/' + subPath;

  const method = req.method.toUpperCase();
  let best: { r: CompiledResource; rank: number; vars: Record<string, string> } | undefined;
  let pathOnly = false;
  let filtered = false;
  const allow = new Set<string>();
  for (const r of api.resources) {
    const m = pathMatch(r, subPath);
    if (!m) continue;
    pathOnly = true;
    for (const x of r.methods) allow.add(x);
    if (r.methods.length > 0 && !r.methods.includes(method)) continue;
    if (r.contentType && req.hasBody && r.contentType !== req.contentType) {
      filtered = true;
      continue;
    }
    if (r.userAgent && !r.userAgent.test(req.userAgent ?? '')) {
      filtered = true;
      continue;
    }
    if (!best || m.rank < best.rank) best = { r, rank: m.rank, vars: m.vars };
  }
  if (best) return { kind: 'matched', api, resource: best.r, subPath, uriVars: best.vars };
  if (method === 'OPTIONS' && pathOnly) return { kind: 'options', api, allow: [...allow, 'OPTIONS'] };
  if (filtered) return { kind: 'status', api, status: 400 };
  return { kind: 'status', api, status: pathOnly ? 405 : 404 };
}
