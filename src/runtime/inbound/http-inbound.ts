/**
 * MI's HTTP inbound endpoint (InboundHttpListener): a listener of its own on `inbound.http.port`,
 * bound to the runtime's host, whose requests the runtime mediates as InboundHttpServerWorker does.
 * It opens when started and closes, letting requests in progress finish, when stopped.
 */
import type { HttpInboundDefinition } from '../../model/inbound-definition';
import { HttpListener, type RuntimeRequest, type RuntimeResponse } from '../http/listener';
import type { Logger } from '../logger';
import type { InboundEndpoint } from './types';

/** What an HTTP inbound endpoint reaches of the runtime. */
export interface HttpInboundHost {
  readonly logger: Logger;
  readonly host: string;
  readonly maxBodyBytes: number;
  handle(inbound: HttpInboundDefinition, req: RuntimeRequest): Promise<RuntimeResponse>;
}

export class HttpInboundEndpoint implements InboundEndpoint {
  private listener?: HttpListener;

  constructor(
    readonly def: HttpInboundDefinition,
    private readonly host: HttpInboundHost,
  ) {}

  get name(): string {
    return this.def.name;
  }

  get source(): string {
    const h = this.host.host;
    return `http://${h.includes(':') ? `[${h}]` : h}:${this.def.port}`;
  }

  /** Opens the listener; rejects (with the listener closed) when the port cannot be bound. */
  async start(): Promise<void> {
    if (this.listener) return;
    const listener = new HttpListener({
      host: this.host.host,
      port: this.def.port,
      maxBodyBytes: this.host.maxBodyBytes,
      handle: (req) => this.host.handle(this.def, req),
      logger: this.host.logger,
    });
    await listener.listen();
    this.listener = listener;
  }

  /** Stops accepting and resolves once every request in progress has been answered. */
  async stop(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    await listener?.close();
  }
}
