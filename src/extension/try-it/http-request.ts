/** Sends one HTTP request from the extension host with Node's http client (no proxy, no browser). */
import * as http from 'node:http';
import { parseXml, writeXml } from '../../model/xml';

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
    r.on('timeout', () => r.destroy(new Error(`No answer within ${timeoutMs / 1000} s.`)));
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** The body as the panel shows it: JSON and XML (by Content-Type, else by their first character) indented. */
export function prettyBody(body: string, contentType: string): { text: string; language: 'json' | 'xml' | 'text' } {
  const start = body.trimStart()[0];
  if (/json/i.test(contentType) || (!contentType && (start === '{' || start === '['))) {
    try {
      return { text: JSON.stringify(JSON.parse(body), null, 2), language: 'json' };
    } catch {
      return { text: body, language: 'text' };
    }
  }
  if (/xml/i.test(contentType) || (!contentType && start === '<')) {
    const doc = parseXml(body);
    if (!doc.root || doc.errors.length) return { text: body, language: 'text' };
    return { text: writeXml(doc.root, { indent: '  ', declaration: body.trimStart().startsWith('<?xml') }).trimEnd(), language: 'xml' };
  }
  return { text: body, language: 'text' };
}

/** A failed request in the user's words: refused, timed out, or Node's own message. */
export function describeError(err: unknown, url: string): string {
  const e = err as NodeJS.ErrnoException;
  const where = URL.canParse(url) ? new URL(url).host : url;
  if (e.code === 'ECONNREFUSED') return `Connection refused: nothing listens on ${where}.`;
  if (e.code === 'ECONNRESET') return `The connection to ${where} was closed before an answer came.`;
  if (e.code === 'ENOTFOUND') return `Unknown host in ${url}.`;
  return e.message || String(err);
}
