/**
 * Everything the runtime has deployed, by name: the one owner of these maps. The deployers fill them,
 * flows and the HTTP front read them (FlowServices takes the same maps read-only), the management API
 * lists the stores and processors.
 */
import type { CompiledApi } from './api';
import type { Endpoint } from './endpoints/endpoint';
import type { EndpointTemplate } from './endpoints/template-endpoint';
import type { InboundEndpoint } from './inbound/types';
import type { CompiledSequence, CompiledTemplate } from './mediators/types';
import type { MessageProcessor } from './processors/types';
import type { CompiledProxy } from './proxy';
import type { MessageStore } from './stores/types';
import type { MessageInjectorTask } from './tasks/message-injector';
import type { Artifact, ArtifactKind, RefusedArtifact } from '../model/types';

export type { RefusedArtifact };

/** The key of an artifact in `Deployed.refused`. */
export function artifactKey(kind: ArtifactKind, name: string): string {
  return `${kind}:${name}`;
}

export class Deployed {
  readonly apis = new Map<string, CompiledApi>();
  readonly proxies = new Map<string, CompiledProxy>();
  readonly sequences = new Map<string, CompiledSequence>();
  readonly templates = new Map<string, CompiledTemplate>();
  readonly endpointTemplates = new Map<string, EndpointTemplate>();
  readonly endpoints = new Map<string, Endpoint>();
  readonly stores = new Map<string, MessageStore>();
  /** Store name → its failover store's name, for stores with guaranteed delivery on. */
  readonly failovers = new Map<string, string>();
  readonly processors = new Map<string, MessageProcessor>();
  /** What each processor was deployed from, to build it again on a redeployed store. */
  readonly processorArtifacts = new Map<string, Artifact>();
  readonly localEntries = new Map<string, string>();
  readonly tasks = new Map<string, MessageInjectorTask>();
  readonly inbounds = new Map<string, InboundEndpoint>();
  /** Artifacts refused at their last deployment, by `artifactKey`; a later successful deployment removes one. */
  readonly refused = new Map<string, RefusedArtifact>();

  /** `artifactKey` of everything deployed. */
  keys(): string[] {
    const groups: Array<[ArtifactKind, Iterable<string>]> = [
      ['api', this.apis.keys()],
      ['proxy', this.proxies.keys()],
      ['sequence', this.sequences.keys()],
      ['template', [...this.templates.keys(), ...this.endpointTemplates.keys()]],
      ['endpoint', this.endpoints.keys()],
      ['messageStore', this.stores.keys()],
      ['messageProcessor', this.processors.keys()],
      ['localEntry', this.localEntries.keys()],
      ['task', this.tasks.keys()],
      ['inboundEndpoint', this.inbounds.keys()],
    ];
    return groups.flatMap(([kind, names]) => [...names].map((name) => artifactKey(kind, name)));
  }
}
