/**
 * The Conduit runtime: deploys a project's artifacts in Synapse's order, serves its APIs over HTTP
 * (or through inject() in tests), and hosts message stores and processors. Nothing a message or an
 * artifact does can bring the process down: a broken artifact is refused with its location while the
 * others deploy, and a failing flow ends in a fault handler or an error answer.
 *
 * This file only composes the parts: Deployed owns what is deployed, ArtifactDeployer deploys into it,
 * RequestFront turns requests into flows and answers, the listener and the management API serve HTTP.
 */
import type { Problem } from '../model/errors';
import type { Artifact, ArtifactKind, Project } from '../model/types';
import type { CompiledApi } from './api';
import { Deployed } from './deployed';
import { ArtifactDeployer, type DeployReport, type ProcessorFactory } from './deployer';
import type { EndpointOverrides } from './endpoints/endpoint';
import { HttpClient } from './endpoints/http-client';
import type { FlowServices } from './flow';
import type { FlowObserver } from './observer';
import { MessageTracer, type MessageTrace } from './debug/message-trace';
import { watchProject, type ProjectWatcher } from './hot-deploy';
import { HttpListener } from './http/listener';
import { ConsoleLogger, type Logger } from './logger';
import { createManagementServer, DEFAULT_MANAGEMENT_PORT, type ManagementServer } from './management/server';
import { readManagementFile, removeManagementFile, writeManagementFile } from '../model/management-file';
import { BUILTIN_MEDIATORS } from './mediators/builtins';
import { DataMapperSandbox } from './mediators/datamapper-sandbox';
import { MediatorRegistry } from './mediators/registry';
import type { MediatorModule } from './mediators/types';
import { RuntimeProcessorHost } from './processor-host';
import type { MessageProcessor } from './processors/types';
import { RequestFront, type InjectRequest, type InjectResponse } from './request-front';
import type { MessageStore } from './stores/types';

/** Default maximum request body: 10 MiB. Larger bodies get 413 and CONDUIT_REQUEST_TOO_LARGE. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface RuntimeOptions {
  logger?: Logger;
  host?: string;
  /** 8290 as MI; 0 picks a free port (tests). */
  port?: number;
  /** Maximum request body in bytes (default 10 MiB). */
  maxBodyBytes?: number;
  /**
   * Rewrites the start of outgoing URLs, e.g. `{ 'http://localhost:9090': 'http://127.0.0.1:41234' }`
   * to run a project whose endpoints name a fixed back end against one on another port (tests).
   */
  endpointOverrides?: EndpointOverrides;
  /** Folder for embedded stores; default `<project>/.conduit/stores`. */
  dataDir?: string;
  /** Serve RabbitMQ stores with the embedded durable store (no broker needed). */
  embeddedBroker?: boolean;
  /** Extra mediators (in addition to the built-in ones). */
  mediators?: ReadonlyArray<MediatorModule<any>>;
  createProcessor?: ProcessorFactory;
  /**
   * Serves the management API (stores and processors, behind a bearer token) on 127.0.0.1 from start()
   * and writes its address and token to `<project>/.conduit/management.json`. Off when absent, so
   * in-process runtimes (tests) never compete for its port; `port` defaults to 9164, 0 picks a free one.
   */
  management?: { port?: number };
  /** Records a trace of every request (`conduit run --trace`), listed by `traces()` and the management API. */
  trace?: boolean;
}

export class Runtime {
  readonly logger: Logger;
  readonly host: string;
  private readonly requestedPort: number;
  private readonly maxBodyBytes: number;
  private readonly deployed = new Deployed();
  private readonly client = new HttpClient();
  private readonly dataMapper = new DataMapperSandbox();
  private readonly front: RequestFront;
  private readonly deployer: ArtifactDeployer;
  private listener?: HttpListener;
  private managementServer?: ManagementServer;
  private watcher?: ProjectWatcher;
  private stopping = false;
  private readonly services: FlowServices;
  private readonly tracer?: MessageTracer;

  constructor(private readonly options: RuntimeOptions = {}) {
    this.logger = options.logger ?? new ConsoleLogger();
    this.host = options.host ?? '127.0.0.1';
    this.requestedPort = options.port ?? 8290;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const registry = new MediatorRegistry();
    for (const m of [...BUILTIN_MEDIATORS, ...(options.mediators ?? [])]) registry.register(m);
    const d = this.deployed;
    const services: FlowServices = (this.services = {
      logger: this.logger,
      sequences: d.sequences,
      templates: d.templates,
      endpoints: d.endpoints,
      stores: d.stores,
      failovers: d.failovers,
      endpointContext: { logger: this.logger, client: this.client, overrides: options.endpointOverrides, endpointTemplates: d.endpointTemplates },
      dataMapper: this.dataMapper,
    });
    if (options.trace) this.observe((this.tracer = new MessageTracer()));
    const processorHost = new RuntimeProcessorHost(services);
    this.front = new RequestFront(d, { logger: this.logger, services, processorHost, maxBodyBytes: this.maxBodyBytes, resource: (key) => this.deployer.resource(key) });
    this.deployer = new ArtifactDeployer(d, this.front, {
      logger: this.logger,
      registry,
      processorHost,
      host: this.host,
      maxBodyBytes: this.maxBodyBytes,
      dataDir: options.dataDir,
      embeddedBroker: options.embeddedBroker,
      createProcessor: options.createProcessor,
    });
  }

  /** The port the listener is bound to (after start()). */
  get port(): number {
    return this.listener?.port ?? this.requestedPort;
  }

  /** Base URL of the listener, e.g. `http://127.0.0.1:8290`. */
  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  deployedApis(): ReadonlyArray<CompiledApi> {
    return [...this.deployed.apis.values()];
  }

  store(name: string): MessageStore | undefined {
    return this.deployed.stores.get(name);
  }

  processor(name: string): MessageProcessor | undefined {
    return this.deployed.processors.get(name);
  }

  /** The management API, once start() has opened it (only with the `management` option). */
  get management(): ManagementServer | undefined {
    return this.managementServer;
  }

  /**
   * Attaches the observer (the debugger or the trace) to every flow from its next mediator on, or
   * detaches it (undefined). Nothing is observed, and nothing is paid for it, while none is attached.
   */
  observe(observer: FlowObserver | undefined): void {
    this.services.observer = observer;
  }

  /** The last requests' traces, oldest first; empty unless the runtime was created with `trace`. */
  traces(): readonly MessageTrace[] {
    return this.tracer?.list() ?? [];
  }

  /** Deploys every artifact of the project in Synapse's order; refused artifacts are reported, never fatal. */
  deploy(project: Project): Promise<DeployReport> {
    return this.deployer.deploy(project);
  }

  /**
   * Deploys (or replaces) one artifact while the runtime runs. Resolves with the problem when it was
   * refused; the version deployed before, if any, then keeps running.
   */
  redeploy(artifact: Artifact): Promise<Problem | undefined> {
    return this.deployer.redeploy(artifact);
  }

  /** Removes a deployed artifact (its file was deleted). */
  undeploy(kind: ArtifactKind, name: string): Promise<void> {
    return this.deployer.undeploy(kind, name);
  }

  /**
   * Keeps the deployed artifacts in step with the project's files from now on (hot deploy): a saved
   * artifact is redeployed, a deleted one undeployed. A project folder only; stop() ends it.
   */
  async watch(project: Project): Promise<ProjectWatcher> {
    this.watcher ??= await watchProject(project, this);
    return this.watcher;
  }

  /** Replaces the registry resources that artifacts deployed from now on read (their files changed). */
  replaceRegistry(registry: Project['registry']): void {
    this.deployer.replaceRegistry(registry);
  }

  /** Opens the HTTP listener, then the management API, inbound endpoints and tasks. */
  async start(): Promise<void> {
    this.listener = new HttpListener({
      host: this.host,
      port: this.requestedPort,
      maxBodyBytes: this.maxBodyBytes,
      handle: (req) => this.front.handle(req),
      logger: this.logger,
    });
    await this.listener.listen();
    this.logger.log('INFO', 'PassThroughHttpListener', `Pass-through HTTP Listener started on ${this.host}:${this.port}`);
    for (const api of this.deployed.apis.values()) this.logger.log('INFO', 'API', `API ${api.name} is available at ${this.url}${api.context === '/' ? '/' : api.context}`);
    for (const p of this.deployed.proxies.values()) {
      if (p.startOnLoad && p.servedOverHttp) this.logger.log('INFO', 'ProxyService', `Proxy service ${p.name} is available at ${this.url}/services/${p.name}`);
    }
    if (this.options.management) await this.startManagement(this.options.management.port ?? DEFAULT_MANAGEMENT_PORT);
    this.deployer.live = true;
    for (const inbound of this.deployed.inbounds.values()) if (!inbound.def.suspended) await this.deployer.startInbound(inbound);
    for (const t of this.deployed.tasks.values()) t.start();
  }

  /**
   * A management port that is taken does not stop the project from running: the APIs and processors
   * keep working and the log says how to pick another port.
   */
  private async startManagement(port: number): Promise<void> {
    try {
      this.managementServer = await createManagementServer({
        stores: () => this.deployed.stores.values(),
        processors: () => this.deployed.processors.values(),
        artifacts: () => ({ deployed: this.deployed.keys(), refused: [...this.deployed.refused.values()] }),
        traces: this.tracer ? () => this.traces() : undefined,
        port,
      });
    } catch (err) {
      this.logger.log('ERROR', 'Management', `CONDUIT_MANAGEMENT_UNAVAILABLE ${(err as Error).message}; the project runs without the management API (choose another port with --management-port)`);
      return;
    }
    const m = this.managementServer;
    try {
      const file = await writeManagementFile(this.deployer.projectDir(), { url: m.url, port: m.port, token: m.token, pid: process.pid });
      this.logger.log('INFO', 'Management', `Management API started on ${m.url}; address and token in ${file}`);
    } catch (err) {
      this.logger.log('WARN', 'Management', `Management API started on ${m.url}, but its token file could not be written (${(err as Error).message}); conduit stores/processors cannot find it`);
    }
  }

  private async stopManagement(): Promise<void> {
    const m = this.managementServer;
    if (!m) return;
    this.managementServer = undefined;
    await m.close();
    // another runtime on the same project may have written its own file since; leave that one alone
    const info = await readManagementFile(this.deployer.projectDir());
    if (info?.token === m.token) await removeManagementFile(this.deployer.projectDir());
  }

  /**
   * Stops accepting requests, lets in-flight flows finish, then stops processors and closes stores
   * (awaiting every close), the data mapper's process and the back-end connections.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.deployer.live = false;
    await this.watcher?.close();
    // no task injects into a flow once stopping begins; the runs in hand finish like requests in flight
    await Promise.allSettled([...this.deployed.tasks.values()].map((t) => t.stop()));
    await this.stopManagement();
    const closing = Promise.all([this.listener?.close(), ...[...this.deployed.inbounds.values()].map((i) => i.stop())]);
    await this.front.drain();
    await closing;
    await Promise.allSettled([...this.deployed.processors.values()].map((p) => p.stop()));
    await Promise.allSettled([...this.deployed.stores.values()].map((s) => this.deployer.closeQuietly(s)));
    await this.dataMapper.close();
    this.client.close();
  }

  /** Runs a request through the runtime without a socket (tests). The body is checked as on the wire. */
  inject(req: InjectRequest): Promise<InjectResponse> {
    return this.front.inject(req);
  }
}

/** Creates a runtime; call deploy(project) and start(). */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  return new Runtime(options);
}
