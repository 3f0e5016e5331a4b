/** Sends one HTTP request from the extension host with Node's http client (no proxy, no browser). */
import * as http from 'node:http';

export interface TryItRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface TryItResponse {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Wall time of the request, for the user's information. */
  elapsedMs: number;
}

export function send(req: TryItRequest, timeoutMs = 60000): Promise<TryItResponse> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const r = http.request(req.url, { method: req.method, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          elapsedMs: Date.now() - started,
        }),
      );
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** `/categories/{category}/reserve` + {category: 'surgery'} → `/categories/surgery/reserve`. */
export function expandTemplate(template: string, vars: Record<string, string>): string {
  const [pathPart, query] = template.split('?', 2);
  const expanded = pathPart.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(vars[name] ?? ''));
  if (!query) return expanded;
  const q = query.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(vars[name] ?? ''));
  return `${expanded}?${q}`;
}

/** Variable names in a URI template, in order, without duplicates. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]))];
}

/** A readable rendering: status line, headers, blank line, body (JSON pretty-printed). */
export function formatResponse(req: TryItRequest, res: TryItResponse): string {
  let body = res.body;
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('json')) {
    try {
      body = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // not valid JSON after all: show it as sent
    }
  }
  const headers = Object.entries(res.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`);
  return [`${req.method} ${req.url}`, `HTTP ${res.status} ${res.statusText} (${res.elapsedMs} ms)`, ...headers, '', body].join('\n');
}
