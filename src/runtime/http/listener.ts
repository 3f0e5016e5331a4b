/**
 * The HTTP listener: reads each request body up to a maximum (413 beyond it, checked while reading so an
 * oversized body is never buffered whole, and answered so that it reaches a client still sending:
 * early-answer.ts), hands the request to the runtime and writes the answer. close() stops accepting
 * connections and lets requests in progress finish.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorCode } from '../../model/errors';
import type { Logger } from '../logger';
import { answerBeforeRequestEnds, createHttpServer } from './early-answer';

export interface RuntimeRequest {
  method: string;
  /** Path and query, e.g. `/healthcare/querydoctor/surgery?x=1`. */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface RuntimeResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The JSON body of every error Conduit itself answers: `{"error":{"code":..,"message":..}}`. */
export function errorBody(status: number, code: ErrorCode, message: string, extra?: Record<string, string | undefined>): RuntimeResponse {
  const error: Record<string, string> = { code, message };
  for (const [k, v] of Object.entries(extra ?? {})) if (v !== undefined) error[k] = v;
  return { status, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify({ error }), 'utf8') };
}

export interface ListenerOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  handle(req: RuntimeRequest): Promise<RuntimeResponse>;
  logger: Logger;
}

export class HttpListener {
  private readonly server: http.Server;
  private active = 0;

  constructor(private readonly options: ListenerOptions) {
    this.server = createHttpServer({ keepAliveTimeout: 60_000 }, (req, res) => this.onRequest(req, res));
    // A client may shut down its sending side once the request is written and still wait for the answer
    // (RFC 9112: a half-closed connection does not mean the client lost interest). Node's default
    // drops such a request's answer whenever the flow is still running when the FIN arrives. The property is
    // missing from the typings; Node's http server reads it whenever a socket ends.
    (this.server as http.Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  }

  get port(): number {
    const a = this.server.address() as AddressInfo | null;
    return a?.port ?? this.options.port;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** Stops accepting; resolves once every open request has been answered and sockets are closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      const poll = setInterval(() => {
        if (this.active === 0) {
          this.server.closeAllConnections();
          clearInterval(poll);
        }
      }, 20);
      poll.unref();
    });
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.active++;
    let answered = false;
    const done = () => {
      if (answered) return;
      answered = true;
      this.active--;
    };
    res.on('close', done);
    const max = this.options.maxBodyBytes;
    const tooLarge = () => {
      answerBeforeRequestEnds(req, res, errorBody(413, 'CONDUIT_REQUEST_TOO_LARGE', `the request body is larger than the maximum of ${max} bytes`));
      // Answered: close() need not wait while the rest of the refused body is discarded.
      done();
    };
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > max) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (c: Buffer) => {
      if (refused) return;
      size += c.length;
      if (size > max) {
        refused = true;
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (refused) return;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      this.options
        .handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body: Buffer.concat(chunks) })
        .then((answer) => this.write(res, answer))
        .catch((err: unknown) => {
          this.options.logger.log('ERROR', 'PassThroughHttpListener', `CONDUIT_MEDIATION_FAILED ${err instanceof Error ? err.message : String(err)}`);
          this.write(res, errorBody(500, 'CONDUIT_MEDIATION_FAILED', 'the request could not be processed'));
        });
    });
  }

  private write(res: http.ServerResponse, answer: RuntimeResponse): void {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string> = { ...answer.headers, 'Content-Length': String(answer.body.length) };
    try {
      res.writeHead(answer.status, headers);
      res.end(answer.body);
    } catch (err) {
      // A header value the back end sent may be invalid on the way out; answer without the headers.
      this.options.logger.log('WARN', 'PassThroughHttpListener', `writing the response failed: ${(err as Error).message}`);
      if (!res.headersSent) {
        res.writeHead(answer.status, { 'Content-Length': String(answer.body.length) });
        res.end(answer.body);
      } else res.destroy();
    }
  }
}
