/**
 * The one table that ties an artifact kind to its root element, its folder in each project layout and
 * its `type` string in a CAR's artifact.xml. Project discovery, CAR export/import, the tree view and
 * the wizards all read it from here.
 */
import type { ArtifactKind } from './types';

export interface ArtifactKindInfo {
  kind: ArtifactKind;
  /** Folder under `src/main/wso2mi/artifacts/` (MI for VS Code). */
  miFolder: string;
  /** Folder under `src/main/synapse-config/` (Integration Studio). */
  isFolder: string;
  /** `type` attribute in a CAR's artifact.xml (note the plural in `synapse/message-processors`). */
  carType: string;
  /** Human label, e.g. for the tree view. */
  label: string;
}

/**
 * In MI's deployment order (SynapseAppDeployer: local entries, endpoints, sequences, message stores,
 * templates, proxy services, tasks, message processors, APIs, inbound endpoints), so that deploying in
 * table order resolves every reference to something already deployed.
 */
export const ARTIFACT_KINDS: readonly ArtifactKindInfo[] = [
  { kind: 'localEntry', miFolder: 'local-entries', isFolder: 'local-entries', carType: 'synapse/local-entry', label: 'Local Entries' },
  { kind: 'endpoint', miFolder: 'endpoints', isFolder: 'endpoints', carType: 'synapse/endpoint', label: 'Endpoints' },
  { kind: 'sequence', miFolder: 'sequences', isFolder: 'sequences', carType: 'synapse/sequence', label: 'Sequences' },
  { kind: 'messageStore', miFolder: 'message-stores', isFolder: 'message-stores', carType: 'synapse/message-store', label: 'Message Stores' },
  { kind: 'template', miFolder: 'templates', isFolder: 'templates', carType: 'synapse/template', label: 'Templates' },
  { kind: 'proxy', miFolder: 'proxy-services', isFolder: 'proxy-services', carType: 'synapse/proxy-service', label: 'Proxy Services' },
  { kind: 'task', miFolder: 'tasks', isFolder: 'tasks', carType: 'synapse/task', label: 'Scheduled Tasks' },
  { kind: 'messageProcessor', miFolder: 'message-processors', isFolder: 'message-processors', carType: 'synapse/message-processors', label: 'Message Processors' },
  { kind: 'api', miFolder: 'apis', isFolder: 'api', carType: 'synapse/api', label: 'APIs' },
  { kind: 'inboundEndpoint', miFolder: 'inbound-endpoints', isFolder: 'inbound-endpoints', carType: 'synapse/inbound-endpoint', label: 'Inbound Endpoints' },
];

/** The CAR type of registry resources. */
export const REGISTRY_RESOURCE_CAR_TYPE = 'registry/resource';
/** The CAR type of the application descriptor inside artifacts.xml. */
export const CARBON_APPLICATION_CAR_TYPE = 'carbon/application';

const byKind = new Map(ARTIFACT_KINDS.map((k) => [k.kind, k]));
const byCarType = new Map(ARTIFACT_KINDS.map((k) => [k.carType, k]));

export function kindInfo(kind: ArtifactKind): ArtifactKindInfo {
  const info = byKind.get(kind);
  if (!info) throw new Error(`unknown artifact kind ${kind}`);
  return info;
}

/** The kind whose root element has this local name, e.g. `messageStore`. */
export function kindForElement(local: string): ArtifactKind | undefined {
  return byKind.has(local as ArtifactKind) ? (local as ArtifactKind) : undefined;
}

export function kindForCarType(type: string): ArtifactKind | undefined {
  return byCarType.get(type)?.kind;
}

/** Deployment rank of a kind (lower deploys first). */
export function deployRank(kind: ArtifactKind): number {
  return ARTIFACT_KINDS.findIndex((k) => k.kind === kind);
}
