/**
 * Deploys artifacts into the runtime in Synapse's order (the model's one table of kinds), replaces and
 * removes them while it runs, and logs each as MI's deployers do. A refused artifact is reported with
 * its location and never stops the others. Everything deployed lands in the runtime's Deployed maps.
 */
import { join } from 'node:path';
import { connectionIssues } from '../model/catalog/connectors';
import { ConduitError, formatProblem, problem, type Problem } from '../model/errors';
import { readInbound, type HttpInboundDefinition } from '../model/inbound-definition';
import { deployRank } from '../model/kinds';
import { readProxy } from '../model/proxy-definition';
import { resolveRegistryKey } from '../model/registry';
import { readTask } from '../model/task-definition';
import type { Artifact, ArtifactKind, Project } from '../model/types';
import { localEntryView, messageProcessorView, messageStoreView, parameterValue, parameterValues } from '../model/views';
import { attr, child, elementToString } from '../model/xml';
import { compileApi } from './api';
import { compileSequenceElement, compileSequenceTemplate, createParseContext } from './compiler';
import { deployError, DeployError } from './deploy-error';
import { artifactKey, type Deployed } from './deployed';
import { deployEndpoint } from './endpoints/create';
import { compileEndpointTemplate } from './endpoints/template-endpoint';
import type { RuntimeRequest, RuntimeResponse } from './http/listener';
import { FileInboundEndpoint } from './inbound/file-inbound';
import { HttpInboundEndpoint, type HttpInboundHost } from './inbound/http-inbound';
import { RabbitMQInboundEndpoint } from './inbound/rabbitmq-inbound';
import type { InboundEndpoint, MessageInboundHost } from './inbound/types';
import type { Logger } from './logger';
import type { MediatorRegistry } from './mediators/registry';
import type { RuntimeProcessorHost } from './processor-host';
import { createProcessor, type ProcessorDefinition } from './processors/factory';
import type { MessageProcessor, ProcessorHost } from './processors/types';
import { compileProxy } from './proxy';
import type { RequestFront } from './request-front';
import { createStore, type StoreDefinition } from './stores/factory';
import { failoverStoreName } from './stores/failover';
import type { MessageStore } from './stores/types';
import { MessageInjectorTask, type TaskHost } from './tasks/message-injector';

/** Creates a message processor (default: the processors part's createProcessor). */
export type ProcessorFactory = (def: ProcessorDefinition, host: ProcessorHost) => MessageProcessor;

/** A refused artifact's report: one CONDUIT_DEPLOY_FAILED problem each, located at the failing element. */
export interface DeployReport {
  deployed: string[];
  failed: Problem[];
}

export interface DeployerOptions {
  logger: Logger;
  registry: MediatorRegistry;
  processorHost: RuntimeProcessorHost;
  /** The runtime's host: HTTP inbound endpoints listen on it. */
  host: string;
  maxBodyBytes: number;
  /** Folder for embedded stores; default `<project>/.conduit/stores`. */
  dataDir?: string;
  embeddedBroker?: boolean;
  createProcessor?: ProcessorFactory;
}

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

export class ArtifactDeployer {
  private project?: Project;
  /**
   * Set while the runtime is started and not stopping: tasks and inbound endpoints deployed then start at
   * once, as MI starts its task scheduler and listeners once the server is up.
   */
  live = false;
  private readonly inboundHost: HttpInboundHost;
  private readonly messageInboundHost: MessageInboundHost;
  /** What compiled artifacts share for the life of the runtime (connector connections). */
  private readonly shared = new Map<unknown, unknown>();

  constructor(
    private readonly deployed: Deployed,
    private readonly front: RequestFront,
    private readonly options: DeployerOptions,
  ) {
    this.inboundHost = {
      logger: options.logger,
      host: options.host,
      maxBodyBytes: options.maxBodyBytes,
      handle: (inbound: HttpInboundDefinition, req: RuntimeRequest): Promise<RuntimeResponse> => front.handleInbound(inbound, req),
    };
    this.messageInboundHost = { logger: options.logger, inject: (inbound, msg) => front.injectInbound(inbound, msg) };
  }

  /** Deploys every artifact of the project in Synapse's order; refused artifacts are reported, never fatal. */
  async deploy(project: Project): Promise<DeployReport> {
    this.project = project;
    const report: DeployReport = { deployed: [], failed: [] };
    for (const p of project.problems) {
      if (p.severity !== 'error') continue;
      const failed = problem('CONDUIT_DEPLOY_FAILED', `${p.code} ${p.message}`, { file: p.file, range: p.range });
      report.failed.push(failed);
      this.options.logger.log('ERROR', 'SynapseDeployer', formatProblem(failed));
    }
    const ordered = [...project.artifacts].sort((a, b) => deployRank(a.kind) - deployRank(b.kind));
    for (const artifact of ordered) {
      const failed = await this.deployArtifact(artifact);
      if (failed) report.failed.push(failed);
      else report.deployed.push(`${artifact.kind}:${artifact.name}`);
    }
    for (const artifact of ordered) {
      if (artifact.kind !== 'messageProcessor' || !this.deployed.processors.has(artifact.name)) continue;
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
      for (const p of [...this.deployed.processorArtifacts.values()]) {
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
    this.deployed.refused.delete(artifactKey(kind, name));
    const [category, kindLabel] = DEPLOYER[kind];
    let label = kindLabel;
    let removed = true;
    switch (kind) {
      case 'api':
        removed = this.deployed.apis.delete(name);
        break;
      case 'proxy':
        removed = this.deployed.proxies.delete(name);
        break;
      case 'sequence':
        removed = this.deployed.sequences.delete(name);
        break;
      case 'endpoint':
        removed = this.deployed.endpoints.delete(name);
        break;
      case 'localEntry':
        removed = this.deployed.localEntries.delete(name);
        break;
      case 'task': {
        const t = this.deployed.tasks.get(name);
        this.deployed.tasks.delete(name);
        if (t) await this.removeTask(t);
        removed = t !== undefined;
        break;
      }
      case 'inboundEndpoint': {
        const inbound = this.deployed.inbounds.get(name);
        this.deployed.inbounds.delete(name);
        await inbound?.stop();
        removed = inbound !== undefined;
        break;
      }
      case 'messageProcessor': {
        const p = this.deployed.processors.get(name);
        this.deployed.processors.delete(name);
        this.deployed.processorArtifacts.delete(name);
        if (p) await p.stop().catch(() => undefined);
        removed = p !== undefined;
        break;
      }
      case 'messageStore': {
        const store = this.deployed.stores.get(name);
        if (!store) {
          removed = false;
          break;
        }
        await this.stopProcessorsOn(name);
        this.deployed.stores.delete(name);
        this.deployed.failovers.delete(name);
        await this.closeQuietly(store);
        break;
      }
      case 'template':
        if (this.deployed.endpointTemplates.delete(name)) label = ENDPOINT_TEMPLATE;
        else removed = this.deployed.templates.delete(name);
        break;
      default:
        removed = false;
    }
    if (removed) this.options.logger.log('INFO', category, `${label} named '${name}' has been undeployed`);
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
          this.deployed.endpoints.set(artifact.name, deployEndpoint(artifact.element, artifact.file));
          break;
        case 'sequence': {
          const ctx = this.parseContext(artifact.file);
          this.deployed.sequences.set(artifact.name, compileSequenceElement(artifact.element, ctx, artifact.name));
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
          this.options.logger.log('INFO', 'API', `{api:${api.name}} Initializing API: ${api.name}`);
          this.deployed.apis.set(api.name, api);
          break;
        }
        case 'template':
          // A name holds one kind of template: a new version of the other kind replaces it.
          if (isEndpointTemplate(artifact)) {
            this.deployed.endpointTemplates.set(artifact.name, compileEndpointTemplate(artifact.element, artifact.file, artifact.name));
            this.deployed.templates.delete(artifact.name);
          } else {
            this.deployed.templates.set(artifact.name, compileSequenceTemplate(artifact.element, this.parseContext(artifact.file), artifact.name));
            this.deployed.endpointTemplates.delete(artifact.name);
          }
          break;
      }
      this.options.logger.log('INFO', category, `${label} named '${artifact.name}' has been deployed from file : ${artifact.file}`);
      this.deployed.refused.delete(artifactKey(artifact.kind, artifact.name));
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
      this.options.logger.log('ERROR', category, formatProblem(failed));
      this.deployed.refused.set(artifactKey(artifact.kind, artifact.name), {
        kind: artifact.kind,
        name: artifact.name,
        file: failed.file ?? artifact.file,
        line: failed.range ? failed.range.start.line + 1 : undefined,
        code: inner.code,
        message: inner.message,
        context: artifact.kind === 'api' ? attr(artifact.element, 'context') : undefined,
        version: artifact.kind === 'api' ? attr(artifact.element, 'version') : undefined,
      });
      return failed;
    }
  }

  private parseContext(file: string) {
    return createParseContext(file, { registry: this.options.registry, resource: (key) => this.resource(key), shared: this.shared });
  }

  resource(key: string): Buffer | undefined {
    if (this.project) {
      const r = resolveRegistryKey(this.project, key);
      if (r) return r.content;
    }
    const local = this.deployed.localEntries.get(key);
    return local === undefined ? undefined : Buffer.from(local, 'utf8');
  }

  private deployLocalEntry(artifact: Artifact): void {
    const v = localEntryView(artifact);
    if (v.type === 'src') throw new ConduitError('CONDUIT_ARTIFACT_INVALID', `local entry ${artifact.name}: remote (src) entries are not supported by the Conduit runtime`);
    const connection = v.type === 'xml' && v.xml ? connectionIssues(v.xml).find((i) => (i.severity ?? 'error') === 'error') : undefined;
    if (connection) throw deployError(connection.code, connection.message, artifact.file, connection.at);
    this.deployed.localEntries.set(artifact.name, v.type === 'xml' && v.xml ? elementToString(v.xml) : (v.text ?? ''));
  }

  private async deployStore(artifact: Artifact): Promise<void> {
    const v = messageStoreView(artifact);
    const parameters = parameterValues(v.parameters);
    const def: StoreDefinition = { name: artifact.name, className: v.classAttr?.value, parameters };
    const store = createStore(def, {
      dataDir: this.options.dataDir ?? join(this.projectDir(), '.conduit', 'stores'),
      logger: this.options.logger,
      embeddedBroker: this.options.embeddedBroker,
    });
    const old = this.deployed.stores.get(artifact.name);
    if (old) {
      // Processors hold a consumer of the old store: stop them before it closes (redeploy() starts them on the new one).
      await this.stopProcessorsOn(artifact.name);
      await this.closeQuietly(old);
    }
    try {
      await store.open();
    } catch (err) {
      // Stores that reconnect keep trying; store() rejects meanwhile, and the flow answers 500.
      this.options.logger.log('ERROR', 'MessageStoreDeployer', `message store ${artifact.name} could not be opened yet: ${(err as Error).message}`);
    }
    const failover = failoverStoreName(parameters);
    this.deployed.stores.set(artifact.name, store);
    if (failover) this.deployed.failovers.set(artifact.name, failover);
    else this.deployed.failovers.delete(artifact.name);
  }

  private async deployProcessor(artifact: Artifact): Promise<void> {
    const v = messageProcessorView(artifact);
    const parameters = parameterValues(v.parameters);
    const messageStore = v.messageStore?.value;
    if (!messageStore) throw new ConduitError('CONDUIT_ARTIFACT_INVALID', `message processor ${artifact.name} has no messageStore`);
    this.deployed.processorArtifacts.set(artifact.name, artifact);
    if (!this.deployed.stores.has(messageStore))
      throw new ConduitError('CONDUIT_REFERENCE_UNRESOLVED', `message processor ${artifact.name}: message store '${messageStore}' is not deployed`);
    const factory = this.options.createProcessor ?? createProcessor;
    const def: ProcessorDefinition = {
      name: artifact.name,
      className: v.className,
      messageStore,
      targetEndpoint: v.targetEndpoint?.value ?? parameterValue(v.parameters, 'target.endpoint'),
      parameters,
    };
    const processor = factory(def, this.options.processorHost);
    const old = this.deployed.processors.get(artifact.name);
    if (old) await old.stop().catch(() => undefined);
    this.deployed.processors.set(artifact.name, processor);
  }

  /**
   * Refuses what task-definition.ts refuses (the validator reports the same), and a task for a main
   * sequence the project lacks: MI has a built-in one, Conduit does not.
   */
  private async deployTask(artifact: Artifact): Promise<void> {
    const reading = readTask(artifact);
    this.accept(reading, 'StartupTaskDeployer');
    const def = reading.task!;
    if (def.injectTo === 'main' && !this.deployed.sequences.has('main')) {
      throw new ConduitError('CONDUIT_UNSUPPORTED', `task ${def.name} injects into the main sequence, and the project has no sequence named 'main' (Conduit has no built-in main sequence)`);
    }
    const host: TaskHost = {
      logger: this.options.logger,
      sequence: (name) => this.deployed.sequences.get(name),
      resource: (key) => this.resource(key),
      mediate: (seq, msg) => this.options.processorHost.mediate(seq, msg),
      injectIntoProxy: (name, msg) => this.front.injectIntoProxy(name, msg),
    };
    const task = new MessageInjectorTask(def, host);
    const old = this.deployed.tasks.get(def.name);
    if (old) await this.removeTask(old);
    this.deployed.tasks.set(def.name, task);
    if (this.live) task.start();
  }

  private async removeTask(task: MessageInjectorTask): Promise<void> {
    await task.stop();
    task.logDeleted();
  }

  /** Refuses what proxy-definition.ts refuses (the validator reports the same); MI's lines for a proxy that does not serve. */
  private deployProxy(artifact: Artifact): void {
    const reading = readProxy(artifact);
    this.accept(reading, 'ProxyServiceDeployer');
    const def = reading.proxy!;
    const proxy = compileProxy(def, artifact.file, child(artifact.element, 'target')!, this.parseContext(artifact.file));
    this.options.logger.log('INFO', 'ProxyService', `{proxy:${proxy.name}} Building Axis service for Proxy service : ${proxy.name}`);
    this.options.logger.log('INFO', 'ProxyService', `{proxy:${proxy.name}} Successfully created the Axis2 service for Proxy service : ${proxy.name}`);
    if (!proxy.startOnLoad) this.options.logger.log('INFO', 'ProxyService', `Stopped the proxy service : ${proxy.name}`);
    this.deployed.proxies.set(artifact.name, proxy);
  }

  /**
   * Refuses what inbound-definition.ts refuses (the validator reports the same). A new version stops
   * the old one first, which frees its port; once the runtime has started, a new one starts at once.
   */
  private async deployInbound(artifact: Artifact): Promise<void> {
    const reading = readInbound(artifact);
    this.accept(reading, 'InboundEndpointDeployer');
    const def = reading.inbound!;
    const inbound =
      def.protocol === 'http' ? new HttpInboundEndpoint(def, this.inboundHost)
      : def.protocol === 'rabbitmq' ? new RabbitMQInboundEndpoint(def, this.messageInboundHost)
      : new FileInboundEndpoint(def, this.messageInboundHost);
    await this.deployed.inbounds.get(inbound.name)?.stop();
    this.deployed.inbounds.set(inbound.name, inbound);
    if (inbound.def.suspended) this.options.logger.log('INFO', 'InboundHttpListener', `Inbound endpoint [${inbound.name}] is currently suspended.`);
    else if (this.live) await this.startInbound(inbound);
  }

  /** A port that is taken leaves the inbound endpoint deployed but not listening; the rest of the project runs. */
  async startInbound(inbound: InboundEndpoint): Promise<void> {
    try {
      await inbound.start();
    } catch (err) {
      const port = inbound.def.protocol === 'http' ? inbound.def.port : undefined;
      const why = (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'is already used by another application' : `cannot be listened on (${(err as Error).message})`;
      this.options.logger.log('ERROR', 'InboundEndpoint', `CONDUIT_INBOUND_UNAVAILABLE Port ${port} used by inbound endpoint ${inbound.name} ${why}; the inbound endpoint takes no messages until it is redeployed`);
      return;
    }
    this.options.logger.log('INFO', 'InboundEndpoint', `Inbound endpoint ${inbound.name} (${inbound.def.protocol}) takes messages from ${inbound.source}`);
  }

  /**
   * A model reading the deployer goes on with: its refusal (the validator reports the same) becomes the
   * deploy error, its other problems are logged.
   */
  private accept(reading: { refusal?: Problem; problems: readonly Problem[] }, category: string): void {
    if (reading.refusal) throw new DeployError(reading.refusal);
    for (const p of reading.problems) this.options.logger.log('WARN', category, formatProblem(p));
  }

  private async stopProcessorsOn(store: string): Promise<void> {
    await Promise.allSettled([...this.deployed.processors.values()].filter((p) => p.storeName === store).map((p) => p.stop()));
  }

  async startProcessor(name: string): Promise<void> {
    const p = this.deployed.processors.get(name);
    if (!p) return;
    try {
      await p.start();
    } catch (err) {
      this.options.logger.log('ERROR', 'MessageProcessorDeployer', `message processor ${name} did not start: ${(err as Error).message}`);
    }
  }

  projectDir(): string {
    const root = this.project?.root ?? process.cwd();
    return this.project?.layout === 'car' ? join(root, '..') : root;
  }

  async closeQuietly(store: MessageStore): Promise<void> {
    try {
      await store.close();
    } catch (err) {
      this.options.logger.log('WARN', 'MessageStore', `closing message store ${store.name} failed: ${(err as Error).message}`);
    }
  }
}
