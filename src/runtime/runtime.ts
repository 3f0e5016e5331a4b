/**
 * The Conduit runtime: deploys a project's artifacts in Synapse's order, serves its APIs over HTTP
 * (or through inject() in tests), and hosts message stores and processors. Nothing a message or an
 * artifact does can bring the process down: a broken artifact is refused with its location while the
 * others deploy, and a failing flow ends in a fault handler or an error answer.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ConduitError, formatProblem, problem, type Problem } from '../model/errors';
import { resolveRegistryKey } from '../model/registry';
import { DISPATCH_FILTER_PATTERN, readInbound, type HttpInboundDefinition, type InboundDefinition } from '../model/inbound-definition';
import { readProxy } from '../model/proxy-definition';
import { readTask } from '../model/task-definition';
import type { Artifact, ArtifactKind, Project } from '../model/types';
import { localEntryView, messageProcessorView, messageStoreView, parameterValue, parameterValues } from '../model/views';
import { child, elementToString } from '../model/xml';
import { compileApi, type CompiledApi, type SequenceRef } from './api';
import { compileSequenceElement, compileSequenceTemplate, createParseContext } from './compiler';
import { payloadFromBody, HOP_BY_HOP, mediaType } from './content';
import { DeployError } from './deploy-error';
import { deployEndpoint } from './endpoints/create';
import type { Endpoint, EndpointOverrides } from './endpoints/endpoint';
import { HttpClient } from './endpoints/http-client';
import { compileEndpointTemplate, type EndpointTemplate } from './endpoints/template-endpoint';
import { Flow, type FlowServices } from './flow';
import { dispatch } from './http/dispatch';
import { decode } from './http/uri-template-match';
import { HttpListener, errorBody, type RuntimeRequest, type RuntimeResponse } from './http/listener';
import { FileInboundEndpoint } from './inbound/file-inbound';
import { markInbound } from './inbound/inbound-message';
import { HttpInboundEndpoint, type HttpInboundHost } from './inbound/http-inbound';
import { RabbitMQInboundEndpoint } from './inbound/rabbitmq-inbound';
import type { InboundEndpoint, MessageInboundHost } from './inbound/types';
import { ConsoleLogger, type Logger } from './logger';
import { createManagementServer, DEFAULT_MANAGEMENT_PORT, type ManagementServer } from './management/server';
import { readManagementFile, removeManagementFile, writeManagementFile } from './management/token-file';
import { BUILTIN_MEDIATORS } from './mediators/builtins';
import { artifactPrefix } from './mediators/log';
import { faultStatus } from './mediators/makefault';
import { DataMapperSandbox } from './mediators/datamapper-sandbox';
import { MediatorRegistry } from './mediators/registry';
import type { CompiledSequence, CompiledTemplate, MediatorModule } from './mediators/types';
import { Headers, MessageContext, Payload } from './message';
import { RuntimeProcessorHost } from './processor-host';
import { compileProxy, findProxy, isWsdlRequest, missingSequence, proxyInFlow, servicePath, type CompiledProxy } from './proxy';
import { createProcessor, type ProcessorDefinition } from './processors/factory';
import { MessageInjectorTask, type TaskHost } from './tasks/message-injector';
import type { MessageProcessor, ProcessorHost } from './processors/types';
import { createStore, type StoreDefinition } from './stores/factory';
import { failoverStoreName } from './stores/failover';
import type { MessageStore } from './stores/types';
import { wireBody } from './wire-body';

/** Default maximum request body: 10 MiB. Larger bodies get 413 and CONDUIT_REQUEST_TOO_LARGE. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Creates a message processor (default: the processors part's createProcessor). */
export type ProcessorFactory = (def: ProcessorDefinition, host: ProcessorHost) => MessageProcessor;

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
}

export interface InjectRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: string | Buffer | object;
}

export interface InjectResponse extends RuntimeResponse {
  text: string;
  json(): any;
}

export interface DeployReport {
  deployed: string[];
  /** One CONDUIT_DEPLOY_FAILED problem per refused artifact, located at the failing element. */
  failed: Problem[];
}

interface StoreEntry {
  store: MessageStore;
  failover?: string;
  artifact: Artifact;
}

const DEPLOY_ORDER: readonly ArtifactKind[] = [
  'localEntry',
  'endpoint',
  'sequence',
  'messageStore',
  'template',
  'proxy',
  'task',
  'messageProcessor',
  'api',
  'inboundEndpoint',
];

const DEPLOYER: Record<ArtifactKind, [category: string, label: string]> = {
  localEntry: ['LocalEntryDeployer', 'LocalEntry'],
  endpoint: ['EndpointDeployer', 'Endpoint'],
  sequence: ['SequenceDeployer', 'Sequence'],
  messageStore: ['MessageStoreDeployer', 'Message Store'],
  template: ['TemplateDeployer', 'Template'],
  proxy: ['ProxyServiceDeployer', 'ProxyService'],
  task: ['StartupTaskDeployer', 'StartupTask'],
  messageProcessor: ['MessageProcessorDeployer', 'Message Processor'],
  api: ['APIDeployer', 'API'],
  inboundEndpoint: ['InboundEndpointDeployer', 'Inbound Endpoint'],
};

/** How MI's TemplateDeployer names a template whose body is an `<endpoint>`. */
const ENDPOINT_TEMPLATE = 'Endpoint Template';

/** A template with an `<endpoint>` body (Synapse's TemplateFactory) rather than a `<sequence>`. */
function isEndpointTemplate(artifact: Artifact): boolean {
  return artifact.kind === 'template' && child(artifact.element, 'endpoint') !== undefined && child(artifact.element, 'sequence') === undefined;
}

/** Headers of the request that are not echoed when a message is answered without a back-end call. */
const REQUEST_ONLY = new Set(['accept', 'accept-encoding', 'accept-language', 'user-agent', 'cookie', 'authorization', 'origin', 'referer', 'content-type']);

export class Runtime {
  readonly logger: Logger;
  private readonly registry = new MediatorRegistry();
  private readonly client = new HttpClient();
  private readonly dataMapper = new DataMapperSandbox();
  private readonly apis = new Map<string, CompiledApi>();
  private readonly proxies = new Map<string, CompiledProxy>();
  private readonly sequences = new Map<string, CompiledSequence>();
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly endpointTemplates = new Map<string, EndpointTemplate>();
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly stores = new Map<string, StoreEntry>();
  private readonly processors = new Map<string, MessageProcessor>();
  /** What each processor was deployed from, to build it again on a redeployed store. */
  private readonly processorArtifacts = new Map<string, Artifact>();
  private readonly localEntries = new Map<string, string>();
  private readonly inFlight = new Set<Promise<void>>();
  private project?: Project;
  private listener?: HttpListener;
  private managementServer?: ManagementServer;
  private readonly tasks = new Map<string, MessageInjectorTask>();
  private readonly inbounds = new Map<string, InboundEndpoint>();
  /** Set by start(): tasks run from then on, as MI starts its task scheduler once the server is up. */
  private started = false;
  private stopping = false;
  readonly host: string;
  private readonly requestedPort: number;
  private readonly services: FlowServices;
  private readonly processorHost: RuntimeProcessorHost;
  private readonly inboundHost: HttpInboundHost;
  private readonly messageInboundHost: MessageInboundHost;

  constructor(private readonly options: RuntimeOptions = {}) {
    this.logger = options.logger ?? new ConsoleLogger();
    this.host = options.host ?? '127.0.0.1';
    this.requestedPort = options.port ?? 8290;
    for (const m of [...BUILTIN_MEDIATORS, ...(options.mediators ?? [])]) this.registry.register(m);
    const storeMap = new Map<string, MessageStore>();
    const failovers = new Map<string, string>();
    this.services = {
      logger: this.logger,
      sequences: this.sequences,
      templates: this.templates,
      endpoints: this.endpoints,
      stores: storeMap,
      failovers,
      endpointContext: { logger: this.logger, client: this.client, overrides: options.endpointOverrides, endpointTemplates: this.endpointTemplates },
      dataMapper: this.dataMapper,
    };
    this.processorHost = new RuntimeProcessorHost(this.services);
    this.inboundHost = {
      logger: this.logger,
      host: this.host,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      handle: (inbound, req) => this.handleInbound(inbound, req),
    };
    this.messageInboundHost = { logger: this.logger, inject: (inbound, msg) => this.injectInbound(inbound, msg) };
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
    return [...this.apis.values()];
  }

  store(name: string): MessageStore | undefined {
    return this.stores.get(name)?.store;
  }

  processor(name: string): MessageProcessor | undefined {
    return this.processors.get(name);
  }

  /** The management API, once start() has opened it (only with the `management` option). */
  get management(): ManagementServer | undefined {
    return this.managementServer;
  }

  /** Deploys every artifact of the project in Synapse's order; refused artifacts are reported, never fatal. */
  async deploy(project: Project): Promise<DeployReport> {
    this.project = project;
    const report: DeployReport = { deployed: [], failed: [] };
    for (const p of project.problems) {
      if (p.severity !== 'error') continue;
      const failed = problem('CONDUIT_DEPLOY_FAILED', `${p.code} ${p.message}`, { file: p.file, range: p.range });
      report.failed.push(failed);
      this.logger.log('ERROR', 'SynapseDeployer', formatProblem(failed));
    }
    const rank = (k: ArtifactKind) => DEPLOY_ORDER.indexOf(k);
    const ordered = [...project.artifacts].sort((a, b) => rank(a.kind) - rank(b.kind));
    for (const artifact of ordered) {
      const failed = await this.deployArtifact(artifact);
      if (failed) report.failed.push(failed);
      else report.deployed.push(`${artifact.kind}:${artifact.name}`);
    }
    for (const artifact of ordered) {
      if (artifact.kind !== 'messageProcessor' || !this.processors.has(artifact.name)) continue;
      await this.startProcessor(artifact.name);
    }
    return report;
  }

  /**
   * Deploys (or replaces) one artifact while the runtime runs. Resolves with the problem when it was
   * refused; the version deployed before, if any, then keeps running. A new version of a message store
   * stops the processors on it, closes the old store, and starts those processors again on the new one.
   */
  async redeploy(artifact: Artifact): Promise<Problem | undefined> {
    const failed = await this.deployArtifact(artifact);
    if (failed) return failed;
    if (artifact.kind === 'messageProcessor') await this.startProcessor(artifact.name);
    if (artifact.kind === 'messageStore') {
      // Also the processors refused or stopped earlier because this store was missing.
      for (const p of [...this.processorArtifacts.values()]) {
        if (messageProcessorView(p).messageStore?.value !== artifact.name) continue;
        if (!(await this.deployArtifact(p))) await this.startProcessor(p.name);
      }
    }
    return undefined;
  }

  /**
   * Removes a deployed artifact (its file was deleted). Removing a message store first stops the
   * processors on it; they start again when a store of that name is deployed.
   */
  async undeploy(kind: ArtifactKind, name: string): Promise<void> {
    const [category, kindLabel] = DEPLOYER[kind];
    let label = kindLabel;
    let removed = true;
    switch (kind) {
      case 'api':
        removed = this.apis.delete(name);
        break;
      case 'proxy':
        removed = this.proxies.delete(name);
        break;
      case 'sequence':
        removed = this.sequences.delete(name);
        break;
      case 'endpoint':
        removed = this.endpoints.delete(name);
        break;
      case 'localEntry':
        removed = this.localEntries.delete(name);
        break;
      case 'task': {
        const t = this.tasks.get(name);
        this.tasks.delete(name);
        if (t) await this.removeTask(t);
        removed = t !== undefined;
        break;
      }
      case 'inboundEndpoint': {
        const inbound = this.inbounds.get(name);
        this.inbounds.delete(name);
        await inbound?.stop();
        removed = inbound !== undefined;
        break;
      }
      case 'messageProcessor': {
        const p = this.processors.get(name);
        this.processors.delete(name);
        this.processorArtifacts.delete(name);
        if (p) await p.stop().catch(() => undefined);
        removed = p !== undefined;
        break;
      }
      case 'messageStore': {
        const entry = this.stores.get(name);
        if (!entry) {
          removed = false;
          break;
        }
        await this.stopProcessorsOn(name);
        this.stores.delete(name);
        (this.services.stores as Map<string, MessageStore>).delete(name);
        (this.services.failovers as Map<string, string>).delete(name);
        await this.closeQuietly(entry.store);
        break;
      }
      case 'template':
        if (this.endpointTemplates.delete(name)) label = ENDPOINT_TEMPLATE;
        else removed = this.templates.delete(name);
        break;
      default:
        removed = false;
    }
    if (removed) this.logger.log('INFO', category, `${label} named '${name}' has been undeployed`);
  }

  /** Replaces the registry resources that artifacts deployed from now on read (their files changed). */
  replaceRegistry(registry: Project['registry']): void {
    if (this.project) this.project = { ...this.project, registry };
  }

  private async deployArtifact(artifact: Artifact): Promise<Problem | undefined> {
    const [category, kindLabel] = DEPLOYER[artifact.kind];
    const label = isEndpointTemplate(artifact) ? ENDPOINT_TEMPLATE : kindLabel;
    try {
      switch (artifact.kind) {
        case 'localEntry':
          this.deployLocalEntry(artifact);
          break;
        case 'endpoint':
          this.endpoints.set(artifact.name, deployEndpoint(artifact.element, artifact.file));
          break;
        case 'sequence': {
          const ctx = this.parseContext(artifact.file);
          this.sequences.set(artifact.name, compileSequenceElement(artifact.element, ctx, artifact.name));
          break;
        }
        case 'messageStore':
          await this.deployStore(artifact);
          break;
        case 'messageProcessor':
          await this.deployProcessor(artifact);
          break;
        case 'task':
          await this.deployTask(artifact);
          break;
        case 'proxy':
          this.deployProxy(artifact);
          break;
        case 'inboundEndpoint':
          await this.deployInbound(artifact);
          break;
        case 'api': {
          const api = compileApi(artifact, this.parseContext(artifact.file));
          this.logger.log('INFO', 'API', `{api:${api.name}} Initializing API: ${api.name}`);
          this.apis.set(api.name, api);
          break;
        }
        case 'template':
          // A name holds one kind of template: a new version of the other kind replaces it.
          if (isEndpointTemplate(artifact)) {
            this.endpointTemplates.set(artifact.name, compileEndpointTemplate(artifact.element, artifact.file, artifact.name));
            this.templates.delete(artifact.name);
          } else {
            this.templates.set(artifact.name, compileSequenceTemplate(artifact.element, this.parseContext(artifact.file), artifact.name));
            this.endpointTemplates.delete(artifact.name);
          }
          break;
      }
      this.logger.log('INFO', category, `${label} named '${artifact.name}' has been deployed from file : ${artifact.file}`);
      return undefined;
    } catch (err) {
      const inner: Problem =
        err instanceof DeployError
          ? err.problem
          : problem(err instanceof ConduitError ? err.code : 'CONDUIT_ARTIFACT_INVALID', err instanceof Error ? err.message : String(err), {
              file: artifact.file,
              range: artifact.element.startTagRange,
            });
      const failed = problem('CONDUIT_DEPLOY_FAILED', `${label} '${artifact.name}' was not deployed: ${inner.code} ${inner.message}`, {
        file: inner.file ?? artifact.file,
        range: inner.range ?? artifact.element.startTagRange,
      });
      this.logger.log('ERROR', category, formatProblem(failed));
      return failed;
    }
  }

  private parseContext(file: string) {
    return createParseContext(file, { registry: this.registry, resource: (key) => this.resource(key) });
  }

  private resource(key: string): Buffer | undefined {
    if (this.project) {
      const r = resolveRegistryKey(this.project, key);
      if (r) return r.content;
    }
    const local = this.localEntries.get(key);
    return local === undefined ? undefined : Buffer.from(local, 'utf8');
  }

  private deployLocalEntry(artifact: Artifact): void {
    const v = localEntryView(artifact);
    if (v.type === 'src') throw new ConduitError('CONDUIT_ARTIFACT_INVALID', `local entry ${artifact.name}: remote (src) entries are not supported by the Conduit runtime`);
    this.localEntries.set(artifact.name, v.type === 'xml' && v.xml ? elementToString(v.xml) : (v.text ?? ''));
  }

  private async deployStore(artifact: Artifact): Promise<void> {
    const v = messageStoreView(artifact);
    const parameters = parameterValues(v.parameters);
    const def: StoreDefinition = { name: artifact.name, className: v.classAttr?.value, parameters };
    const store = createStore(def, {
      dataDir: this.options.dataDir ?? join(this.projectDir(), '.conduit', 'stores'),
      logger: this.logger,
      embeddedBroker: this.options.embeddedBroker,
    });
    const old = this.stores.get(artifact.name);
    if (old) {
      // Processors hold a consumer of the old store: stop them before it closes (redeploy() starts them on the new one).
      await this.stopProcessorsOn(artifact.name);
      await this.closeQuietly(old.store);
    }
    try {
      await store.open();
    } catch (err) {
      // Stores that reconnect keep trying; store() rejects meanwhile, and the flow answers 500.
      this.logger.log('ERROR', 'MessageStoreDeployer', `message store ${artifact.name} could not be opened yet: ${(err as Error).message}`);
    }
    const failover = failoverStoreName(parameters);
    this.stores.set(artifact.name, { store, failover, artifact });
    (this.services.stores as Map<string, MessageStore>).set(artifact.name, store);
    const failovers = this.services.failovers as Map<string, string>;
    if (failover) failovers.set(artifact.name, failover);
    else failovers.delete(artifact.name);
  }

  private async deployProcessor(artifact: Artifact): Promise<void> {
    const v = messageProcessorView(artifact);
    const parameters = parameterValues(v.parameters);
    const messageStore = v.messageStore?.value;
    if (!messageStore) throw new ConduitError('CONDUIT_ARTIFACT_INVALID', `message processor ${artifact.name} has no messageStore`);
    this.processorArtifacts.set(artifact.name, artifact);
    if (!this.stores.has(messageStore))
      throw new ConduitError('CONDUIT_REFERENCE_UNRESOLVED', `message processor ${artifact.name}: message store '${messageStore}' is not deployed`);
    const factory = this.options.createProcessor ?? createProcessor;
    const def: ProcessorDefinition = {
      name: artifact.name,
      className: v.className,
      messageStore,
      targetEndpoint: v.targetEndpoint?.value ?? parameterValue(v.parameters, 'target.endpoint'),
      parameters,
    };
    const processor = factory(def, this.processorHost);
    const old = this.processors.get(artifact.name);
    if (old) await old.stop().catch(() => undefined);
    this.processors.set(artifact.name, processor);
  }

  /**
   * Refuses what task-definition.ts refuses (the validator reports the same), and a task for a main
   * sequence the project lacks: MI has a built-in one, Conduit does not.
   */
  private async deployTask(artifact: Artifact): Promise<void> {
    const reading = readTask(artifact);
    if (reading.refusal) throw new DeployError(reading.refusal);
    for (const p of reading.problems) this.logger.log('WARN', 'StartupTaskDeployer', formatProblem(p));
    const def = reading.task!;
    if (def.injectTo === 'main' && !this.sequences.has('main')) {
      throw new ConduitError('CONDUIT_UNSUPPORTED', `task ${def.name} injects into the main sequence, and the project has no sequence named 'main' (Conduit has no built-in main sequence)`);
    }
    const host: TaskHost = {
      logger: this.logger,
      sequence: (name) => this.sequences.get(name),
      resource: (key) => this.resource(key),
      mediate: (seq, msg) => this.processorHost.mediate(seq, msg),
      injectIntoProxy: (name, msg) => this.injectIntoProxy(name, msg),
    };
    const task = new MessageInjectorTask(def, host);
    const old = this.tasks.get(def.name);
    if (old) await this.removeTask(old);
    this.tasks.set(def.name, task);
    if (this.started && !this.stopping) task.start();
  }

  private async removeTask(task: MessageInjectorTask): Promise<void> {
    await task.stop();
    task.logDeleted();
  }

  /** Refuses what proxy-definition.ts refuses (the validator reports the same); MI's lines for a proxy that does not serve. */
  private deployProxy(artifact: Artifact): void {
    const reading = readProxy(artifact);
    if (reading.refusal) throw new DeployError(reading.refusal);
    for (const p of reading.problems) this.logger.log('WARN', 'ProxyServiceDeployer', formatProblem(p));
    const def = reading.proxy!;
    const proxy = compileProxy(def, artifact.file, child(artifact.element, 'target')!, this.parseContext(artifact.file));
    this.logger.log('INFO', 'ProxyService', `{proxy:${proxy.name}} Building Axis service for Proxy service : ${proxy.name}`);
    this.logger.log('INFO', 'ProxyService', `{proxy:${proxy.name}} Successfully created the Axis2 service for Proxy service : ${proxy.name}`);
    if (!proxy.startOnLoad) this.logger.log('INFO', 'ProxyService', `Stopped the proxy service : ${proxy.name}`);
    this.proxies.set(artifact.name, proxy);
  }

  /**
   * Refuses what inbound-definition.ts refuses (the validator reports the same). A new version stops
   * the old one first, which frees its port; once the runtime has started, a new one starts at once.
   */
  private async deployInbound(artifact: Artifact): Promise<void> {
    const reading = readInbound(artifact);
    if (reading.refusal) throw new DeployError(reading.refusal);
    for (const p of reading.problems) this.logger.log('WARN', 'InboundEndpointDeployer', formatProblem(p));
    const def = reading.inbound!;
    const inbound =
      def.protocol === 'http' ? new HttpInboundEndpoint(def, this.inboundHost)
      : def.protocol === 'rabbitmq' ? new RabbitMQInboundEndpoint(def, this.messageInboundHost)
      : new FileInboundEndpoint(def, this.messageInboundHost);
    await this.inbounds.get(inbound.name)?.stop();
    this.inbounds.set(inbound.name, inbound);
    if (inbound.def.suspended) this.logger.log('INFO', 'InboundHttpListener', `Inbound endpoint [${inbound.name}] is currently suspended.`);
    else if (this.started && !this.stopping) await this.startInbound(inbound);
  }

  /** A port that is taken leaves the inbound endpoint deployed but not listening; the rest of the project runs. */
  private async startInbound(inbound: InboundEndpoint): Promise<void> {
    try {
      await inbound.start();
    } catch (err) {
      const port = inbound.def.protocol === 'http' ? inbound.def.port : undefined;
      const why = (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'is already used by another application' : `cannot be listened on (${(err as Error).message})`;
      this.logger.log('ERROR', 'InboundEndpoint', `CONDUIT_INBOUND_UNAVAILABLE Port ${port} used by inbound endpoint ${inbound.name} ${why}; the inbound endpoint takes no messages until it is redeployed`);
      return;
    }
    this.logger.log('INFO', 'InboundEndpoint', `Inbound endpoint ${inbound.name} (${inbound.def.protocol}) takes messages from ${inbound.source}`);
  }

  /** A message a polling or consuming inbound endpoint took, through its sequence as MI injects it. */
  private injectInbound(inbound: InboundDefinition, msg: MessageContext): Promise<Error | undefined> {
    const { sequence, whyMain } = this.inboundSequence(inbound);
    const seq = this.sequences.get(sequence);
    if (!seq) {
      return Promise.resolve(new ConduitError('CONDUIT_REFERENCE_UNRESOLVED', `inbound endpoint ${inbound.name} ${whyMain}; MI injects its messages into the main sequence, and the project has no sequence named 'main'`));
    }
    const onError = inbound.onError === undefined ? undefined : this.sequences.get(inbound.onError);
    return this.processorHost.mediate(seq, msg, undefined, onError);
  }

  private async stopProcessorsOn(store: string): Promise<void> {
    await Promise.allSettled([...this.processors.values()].filter((p) => p.storeName === store).map((p) => p.stop()));
  }

  private async startProcessor(name: string): Promise<void> {
    const p = this.processors.get(name);
    if (!p) return;
    try {
      await p.start();
    } catch (err) {
      this.logger.log('ERROR', 'MessageProcessorDeployer', `message processor ${name} did not start: ${(err as Error).message}`);
    }
  }

  private projectDir(): string {
    const root = this.project?.root ?? process.cwd();
    return this.project?.layout === 'car' ? join(root, '..') : root;
  }

  /** Opens the HTTP listener. */
  async start(): Promise<void> {
    this.listener = new HttpListener({
      host: this.host,
      port: this.requestedPort,
      maxBodyBytes: this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      handle: (req) => this.handle(req),
      logger: this.logger,
    });
    await this.listener.listen();
    this.logger.log('INFO', 'PassThroughHttpListener', `Pass-through HTTP Listener started on ${this.host}:${this.port}`);
    for (const api of this.apis.values()) this.logger.log('INFO', 'API', `API ${api.name} is available at ${this.url}${api.context === '/' ? '/' : api.context}`);
    for (const p of this.proxies.values()) {
      if (p.startOnLoad && p.servedOverHttp) this.logger.log('INFO', 'ProxyService', `Proxy service ${p.name} is available at ${this.url}/services/${p.name}`);
    }
    if (this.options.management) await this.startManagement(this.options.management.port ?? DEFAULT_MANAGEMENT_PORT);
    this.started = true;
    for (const inbound of this.inbounds.values()) if (!inbound.def.suspended) await this.startInbound(inbound);
    for (const t of this.tasks.values()) t.start();
  }

  /**
   * A management port that is taken does not stop the project from running: the APIs and processors
   * keep working and the log says how to pick another port.
   */
  private async startManagement(port: number): Promise<void> {
    try {
      this.managementServer = await createManagementServer({
        stores: () => [...this.stores.values()].map((s) => s.store),
        processors: () => this.processors.values(),
        port,
      });
    } catch (err) {
      this.logger.log('ERROR', 'Management', `CONDUIT_MANAGEMENT_UNAVAILABLE ${(err as Error).message}; the project runs without the management API (choose another port with --management-port)`);
      return;
    }
    const m = this.managementServer;
    try {
      const file = await writeManagementFile(this.projectDir(), { url: m.url, port: m.port, token: m.token, pid: process.pid });
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
    const info = await readManagementFile(this.projectDir());
    if (info?.token === m.token) await removeManagementFile(this.projectDir());
  }

  /**
   * Stops accepting requests, lets in-flight flows finish, then stops processors and closes stores
   * (awaiting every close), the data mapper's process and the back-end connections.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    // no task injects into a flow once stopping begins; the runs in hand finish like requests in flight
    await Promise.allSettled([...this.tasks.values()].map((t) => t.stop()));
    await this.stopManagement();
    const closing = Promise.all([this.listener?.close(), ...[...this.inbounds.values()].map((i) => i.stop())]);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await closing;
    await Promise.allSettled([...this.processors.values()].map((p) => p.stop()));
    await Promise.allSettled([...this.stores.values()].map((s) => this.closeQuietly(s.store)));
    await this.dataMapper.close();
    this.client.close();
  }

  private async closeQuietly(store: MessageStore): Promise<void> {
    try {
      await store.close();
    } catch (err) {
      this.logger.log('WARN', 'MessageStore', `closing message store ${store.name} failed: ${(err as Error).message}`);
    }
  }

  /** Runs a request through the runtime without a socket (tests). The body is checked as on the wire. */
  async inject(req: InjectRequest): Promise<InjectResponse> {
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    let body: Buffer;
    if (req.body === undefined) body = Buffer.alloc(0);
    else if (typeof req.body === 'string') body = Buffer.from(req.body, 'utf8');
    else if (Buffer.isBuffer(req.body)) body = req.body;
    else {
      body = Buffer.from(JSON.stringify(req.body), 'utf8');
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    const max = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const res =
      body.length > max
        ? errorBody(413, 'CONDUIT_REQUEST_TOO_LARGE', `the request body is larger than the maximum of ${max} bytes`)
        : await this.handle({ method: (req.method ?? 'GET').toUpperCase(), url: req.url, headers, body });
    const text = res.body.toString('utf8');
    return { ...res, text, json: () => JSON.parse(text) };
  }

  /** Handles one request: body check, dispatch, mediation; resolves when the client is answered. */
  handle(req: RuntimeRequest): Promise<RuntimeResponse> {
    const payload = requestPayload(req);
    if (!(payload instanceof Payload)) return Promise.resolve(payload);
    const served = this.serveService(req, payload);
    if (served) return served;
    this.logger.log('WARN', 'RestApiDispatcher', `no API matches ${req.method} ${req.url}`);
    return Promise.resolve({ status: 404, headers: {}, body: Buffer.alloc(0) });
  }

  /** The request's proxy service or API flow; undefined when no proxy service and no API takes it. */
  private serveService(req: RuntimeRequest, payload: Payload): Promise<RuntimeResponse> | undefined {
    // Axis2 dispatches /services/<name> to a proxy before Synapse looks for an API.
    const service = servicePath(req.url);
    const proxy = service && findProxy(this.proxies, service.service);
    if (service && proxy) return this.handleProxy(req, proxy, service.postfix, this.requestMessage(req, payload, headerOf(req, 'activityid')));

    const d = dispatch(this.apis.values(), {
      method: req.method,
      path: req.url,
      contentType: headerOf(req, 'content-type'),
      userAgent: headerOf(req, 'user-agent'),
      hasBody: req.body.length > 0,
      host: headerOf(req, 'host')?.split(':')[0],
    });
    if (d.kind === 'no-api') return undefined;
    if (d.kind === 'status') return Promise.resolve({ status: d.status, headers: {}, body: Buffer.alloc(0) });
    if (d.kind === 'options') return Promise.resolve({ status: 200, headers: { Allow: d.allow.join(', ') }, body: Buffer.alloc(0) });

    const { api, resource } = d;
    const msg = this.requestMessage(req, payload, headerOf(req, 'activityid'));
    msg.artifactName = api.name;
    msg.axis2.set('REST_URL_POSTFIX', d.subPath);
    msg.setProperty('REST_SUB_REQUEST_PATH', d.subPath);
    msg.setProperty('REST_API_CONTEXT', api.context);
    msg.setProperty('SYNAPSE_REST_API', api.name);
    if (api.version !== undefined) msg.setProperty('SYNAPSE_REST_API_VERSION', api.version);
    if (resource.uriTemplate) msg.setProperty('rest.url.pattern', resource.uriTemplate.template);
    for (const [k, v] of Object.entries(d.uriVars)) msg.setProperty(`uri.var.${k}`, v);
    return this.runRequest(msg, resource.where, this.resolveSlot(resource.inSequence) ?? { steps: [] }, this.resolveSlot(resource.outSequence), this.resolveSlot(resource.faultSequence));
  }

  /**
   * A request on an HTTP inbound endpoint's port, as InboundHttpServerWorker dispatches it: without a
   * `dispatch.filter.pattern` it runs the inbound sequence; with one, a request whose path matches goes
   * to the API or proxy service that takes it, and any other request to the main sequence.
   */
  private handleInbound(inbound: HttpInboundDefinition, req: RuntimeRequest): Promise<RuntimeResponse> {
    const payload = requestPayload(req);
    if (!(payload instanceof Payload)) return Promise.resolve(payload);
    const pattern = inbound.dispatchPattern;
    if (pattern) {
      if (!pattern.matches(req.url)) return this.runInboundFlow(inbound, req, payload, 'main', `does not match its ${DISPATCH_FILTER_PATTERN}`);
      return this.serveService(req, payload) ?? this.runInboundFlow(inbound, req, payload, 'main', `matches its ${DISPATCH_FILTER_PATTERN} but no API or proxy service takes it`);
    }
    const { sequence, whyMain } = this.inboundSequence(inbound);
    return this.runInboundFlow(inbound, req, payload, sequence, `came in, and the inbound endpoint ${whyMain}`);
  }

  /** The sequence an inbound endpoint injects into: its own, else (absent or not deployed) the main sequence, as MI. */
  private inboundSequence(inbound: InboundDefinition): { sequence: string; whyMain: string } {
    if (inbound.sequence && this.sequences.has(inbound.sequence)) return { sequence: inbound.sequence, whyMain: '' };
    return { sequence: 'main', whyMain: inbound.sequence ? `has its sequence '${inbound.sequence}' not deployed` : 'names no sequence' };
  }

  /**
   * Runs the request through a sequence with the inbound endpoint's onError sequence (else `fault`) as
   * fault handler. MI's fallback is its built-in main sequence; Conduit has none, so without a project
   * sequence named `main` the request gets 404.
   */
  private runInboundFlow(inbound: HttpInboundDefinition, req: RuntimeRequest, payload: Payload, sequence: string, whyMain: string): Promise<RuntimeResponse> {
    const seq = this.sequences.get(sequence);
    if (!seq) {
      const message = `inbound endpoint ${inbound.name}: ${req.method} ${req.url} ${whyMain}; MI injects such a request into the main sequence, and the project has no sequence named 'main'`;
      this.logger.log('WARN', 'InboundHttpServerWorker', `CONDUIT_REFERENCE_UNRESOLVED ${message}`);
      return Promise.resolve(errorBody(404, 'CONDUIT_REFERENCE_UNRESOLVED', message));
    }
    const msg = this.requestMessage(req, payload, headerOf(req, 'activityid'));
    markInbound(msg, inbound.name);
    const onError = inbound.onError === undefined ? undefined : this.sequences.get(inbound.onError);
    return this.runRequest(msg, `inbound endpoint ${inbound.name}`, seq, undefined, onError);
  }

  /**
   * A request for a proxy: `?wsdl` answers its published WSDL; a proxy that is stopped or takes no
   * HTTP gets 404; otherwise its in-flow runs as ProxyServiceMessageReceiver runs it.
   */
  private handleProxy(req: RuntimeRequest, proxy: CompiledProxy, postfix: string, msg: MessageContext): Promise<RuntimeResponse> {
    if (!proxy.startOnLoad || !proxy.servedOverHttp) {
      const why = proxy.startOnLoad ? `takes messages over ${proxy.transports.join(', ')} only` : 'is not started (startOnLoad="false")';
      this.logger.log('WARN', 'ProxyServiceMessageReceiver', `proxy service ${proxy.name} ${why}; ${req.method} ${req.url} gets 404`);
      return Promise.resolve({ status: 404, headers: {}, body: Buffer.alloc(0) });
    }
    if (isWsdlRequest(req.method, req.url)) return Promise.resolve(this.proxyWsdl(proxy));
    msg.axis2.set('REST_URL_POSTFIX', postfix);
    return this.runRequest(msg, proxy.where, ...this.proxyFlow(proxy, msg));
  }

  /** A task's message through a proxy, as MessageInjector hands it to the proxy's Axis2 service. */
  private async injectIntoProxy(name: string, msg: MessageContext): Promise<Error | undefined> {
    const proxy = this.proxies.get(name);
    if (!proxy) throw new ConduitError('CONDUIT_REFERENCE_UNRESOLVED', `proxy service '${name}' is not deployed; this run injected nothing`);
    if (!proxy.startOnLoad) throw new ConduitError('CONDUIT_REFERENCE_UNRESOLVED', `proxy service '${name}' is not started (startOnLoad="false"); this run injected nothing`);
    const [inFlow, outSequence, faultSequence] = this.proxyFlow(proxy, msg);
    return this.processorHost.mediate(inFlow, msg, outSequence, faultSequence);
  }

  /**
   * Marks the message as the proxy's (`{proxy:P}` log prefix, `proxy.name`) and gives the in-flow,
   * outSequence and fault sequence it runs through; a named sequence is looked up now.
   */
  private proxyFlow(proxy: CompiledProxy, msg: MessageContext): [inFlow: CompiledSequence, outSequence?: CompiledSequence, faultSequence?: CompiledSequence] {
    msg.artifactName = proxy.name;
    msg.artifactKind = 'proxy';
    msg.setProperty('proxy.name', proxy.name);
    const named = (ref: SequenceRef | undefined, role: string) => {
      if (!ref) return undefined;
      if ('inline' in ref) return ref.inline;
      return this.sequences.get(ref.key) ?? missingSequence(`Unable to find the ${role} : ${ref.key} of proxy service ${proxy.name}`, proxy.where);
    };
    return [proxyInFlow(proxy, named(proxy.inSequence, 'in-sequence')), named(proxy.outSequence, 'out-sequence'), this.resolveSlot(proxy.faultSequence)];
  }

  private proxyWsdl(proxy: CompiledProxy): RuntimeResponse {
    const wsdl = proxy.wsdl;
    const text = wsdl?.kind === 'inline' ? elementToString(wsdl.element) : wsdl?.kind === 'key' ? this.resource(wsdl.key)?.toString('utf8') : undefined;
    if (text !== undefined) return { status: 200, headers: { 'Content-Type': 'text/xml; charset=UTF-8' }, body: Buffer.from(text, 'utf8') };
    const why =
      wsdl?.kind === 'remote' ? `its WSDL is at ${wsdl.location}, which Conduit does not fetch`
      : wsdl?.kind === 'key' ? `its WSDL key '${wsdl.key}' resolves to no registry resource or local entry`
      : 'it publishes no WSDL, and Conduit does not generate one';
    return errorBody(501, 'CONDUIT_UNSUPPORTED', `proxy service ${proxy.name} has no WSDL to serve: ${why}`);
  }

  /** The message of an incoming request, with what every flow sees of its transport. */
  private requestMessage(req: RuntimeRequest, payload: Payload, activityId: string | undefined): MessageContext {
    const msg = new MessageContext();
    const correlation = activityId ?? randomUUID();
    msg.messageId = `urn:uuid:${correlation}`;
    msg.correlationId = correlation;
    msg.transportHeaders = new Headers(req.headers);
    msg.setPayload(payload);
    msg.method = req.method;
    msg.requestPath = req.url;
    msg.to = req.url;
    msg.axis2.set('HTTP_METHOD', req.method);
    msg.axis2.set('TransportInURL', req.url);
    const contentType = msg.transportHeaders.get('content-type');
    if (contentType) {
      msg.axis2.set('ContentType', contentType);
      msg.axis2.set('messageType', mediaType(contentType));
    }
    if (req.body.length === 0) msg.axis2.set('NO_ENTITY_BODY', true);
    msg.setProperty('REST_FULL_REQUEST_PATH', req.url);
    msg.setProperty('REST_METHOD', req.method);
    setQueryParams(msg, req.url);
    return msg;
  }

  /**
   * Runs a request's flow and resolves with the client's answer: the one the flow gives, else 500 after
   * a fault (CONDUIT_EMPTY_FAULT_SEQUENCE) or 202 when the flow ends without answering.
   */
  private runRequest(msg: MessageContext, where: string, inFlow: CompiledSequence, outSequence?: CompiledSequence, faultSequence?: CompiledSequence): Promise<RuntimeResponse> {
    return new Promise<RuntimeResponse>((resolve) => {
      const flow = new Flow(this.services, (m) => resolve(this.toResponse(m, msg.method)), outSequence);
      const run = flow
        .runTop(inFlow, msg, faultSequence)
        .then(() => undefined)
        .catch((err: unknown) => {
          this.logger.log('ERROR', 'Runtime', `${artifactPrefix(msg)}CONDUIT_MEDIATION_FAILED ${err instanceof Error ? err.message : String(err)}`);
          flow.faulted ??= err instanceof Error ? err : new Error(String(err));
        })
        .finally(() => {
          this.inFlight.delete(run);
          if (flow.responded) return;
          flow.responded = true;
          if (flow.faulted) {
            this.logger.log('WARN', 'Runtime', `${artifactPrefix(msg)}CONDUIT_EMPTY_FAULT_SEQUENCE the fault handler of ${where} ended without answering the client; answering 500`);
            const code = msg.getProperty('ERROR_CODE');
            resolve(
              errorBody(500, 'CONDUIT_EMPTY_FAULT_SEQUENCE', `the request failed and the fault sequence sent no response: ${flow.faulted.message}`, {
                errorCode: code === undefined ? undefined : String(code),
              }),
            );
          } else resolve({ status: 202, headers: {}, body: Buffer.alloc(0) });
        });
      this.inFlight.add(run);
    });
  }

  private resolveSlot(ref: SequenceRef | undefined): CompiledSequence | undefined {
    if (!ref) return undefined;
    if ('inline' in ref) return ref.inline;
    const seq = this.sequences.get(ref.key);
    if (!seq) this.logger.log('WARN', 'Runtime', `sequence '${ref.key}' is not deployed`);
    return seq;
  }

  private toResponse(msg: MessageContext, method: string): RuntimeResponse {
    const sc = msg.axis2.get('HTTP_SC');
    const parsed = typeof sc === 'number' ? sc : typeof sc === 'string' ? Number.parseInt(sc, 10) : NaN;
    const status = Number.isInteger(parsed) && parsed >= 100 && parsed <= 599 ? parsed : (faultStatus(msg) ?? 200);
    const headers: Record<string, string> = {};
    // Without a back-end answer (no HTTP_SC yet) the headers are still the request's.
    const requestHeaders = !msg.axis2.has('HTTP_SC');
    for (const [k, v] of msg.transportHeaders.entries()) {
      const lk = k.toLowerCase();
      if (HOP_BY_HOP.has(lk) || lk === 'content-type' || (requestHeaders && REQUEST_ONLY.has(lk))) continue;
      headers[k] = v;
    }
    const noEntity = method === 'HEAD' || status === 204 || status === 304;
    let body: Buffer = Buffer.alloc(0);
    if (!noEntity) {
      try {
        const wire = wireBody(msg);
        if (wire) {
          body = wire.bytes;
          headers['Content-Type'] = wire.contentType;
        }
      } catch (err) {
        return errorBody(500, 'CONDUIT_MEDIATION_FAILED', `the response could not be written: ${(err as Error).message}`);
      }
    }
    return { status, headers, body };
  }
}

function headerOf(req: RuntimeRequest, name: string): string | undefined {
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** The request's body as its Content-Type says, or the 400 answer for one that does not parse. */
function requestPayload(req: RuntimeRequest): Payload | RuntimeResponse {
  try {
    return payloadFromBody(req.body, headerOf(req, 'content-type'), true);
  } catch (err) {
    return errorBody(400, 'CONDUIT_REQUEST_MALFORMED', (err as Error).message);
  }
}

/** Sets `query.param.<name>` for each query parameter (an `&` segment without `=` continues the previous value). */
function setQueryParams(msg: MessageContext, url: string): void {
  const q = url.indexOf('?');
  if (q < 0) return;
  let last: string | undefined;
  for (const seg of url.slice(q + 1).split('&')) {
    const eq = seg.indexOf('=');
    if (eq < 0) {
      if (last !== undefined) msg.setProperty(`query.param.${last}`, `${String(msg.getProperty(`query.param.${last}`))}&${decode(seg)}`);
      continue;
    }
    last = decode(seg.slice(0, eq));
    msg.setProperty(`query.param.${last}`, decode(seg.slice(eq + 1)));
  }
}

/** Creates a runtime; call deploy(project) and start(). */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  return new Runtime(options);
}
