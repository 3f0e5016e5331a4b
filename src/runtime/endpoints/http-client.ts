/**
 * One HTTP exchange with a back end over keep-alive agents (one pair per runtime, so connections are
 * reused across requests). Node's socket errors are mapped to Synapse's transport error codes.
 */
import http from 'node:http';
import https from 'node:https';
import { SYNAPSE_ERRORS } from '../fault';

export interface HttpExchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A transport failure with Synapse's error code. */
export class TransportError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

export class HttpClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });

  request(x: HttpExchange): Promise<HttpAnswer> {
    let url: URL;
    try {
      url = new URL(x.url);
    } catch {
      return Promise.reject(new TransportError(SYNAPSE_ERRORS.CONNECTION_FAILED, `the endpoint address "${x.url}" is not a valid URL`));
    }
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:')
      return Promise.reject(new TransportError(SYNAPSE_ERRORS.CONNECTION_FAILED, `unsupported protocol ${url.protocol} in "${x.url}"`));
    const lib = secure ? https : http;
    return new Promise<HttpAnswer>((resolve, reject) => {
      const headers: Record<string, string> = { ...x.headers };
      if (x.body) headers['Content-Length'] = String(x.body.length);
      let settled = false;
      const req = lib.request(url, { method: x.method, headers, agent: secure ? this.httpsAgent : this.httpAgent });
      const timer = setTimeout(() => {
        fail(new TransportError(SYNAPSE_ERRORS.CONNECTION_TIMEOUT, `no response from ${x.url} within ${x.timeoutMs} ms`));
        req.destroy();
      }, x.timeoutMs);
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err instanceof TransportError ? err : mapError(err, x.url));
      };
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('aborted', () => fail(new TransportError(SYNAPSE_ERRORS.CONNECTION_CLOSED, `the connection to ${x.url} closed during the response`)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      req.end(x.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function mapError(err: Error & { code?: string }, url: string): TransportError {
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EAI_AGAIN':
      return new TransportError(SYNAPSE_ERRORS.CONNECTION_FAILED, `cannot connect to ${url}: ${err.code}`, { cause: err });
    case 'ETIMEDOUT':
      return new TransportError(SYNAPSE_ERRORS.CONNECT_TIMEOUT, `connecting to ${url} timed out`, { cause: err });
    case 'ECONNRESET':
    case 'EPIPE':
      return new TransportError(SYNAPSE_ERRORS.CONNECTION_CLOSED, `the connection to ${url} was closed: ${err.message}`, { cause: err });
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_HEADER_TOKEN':
      return new TransportError(SYNAPSE_ERRORS.PROTOCOL_VIOLATION, `the back end at ${url} broke the HTTP protocol: ${err.message}`, { cause: err });
    default:
      return new TransportError(SYNAPSE_ERRORS.SEND_IO, `sending to ${url} failed: ${err.message}`, { cause: err });
  }
}
