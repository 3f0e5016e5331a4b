/**
 * The project model shared by the runtime, the language server, the CLI and the extension.
 * The positioned XML tree is the source of truth; the typed fields here are views read from it.
 */
import type { Problem } from './errors';
import type { Range, XmlDocument, XmlElement } from './xml';

/** Artifact kinds, named after their root element (localEntry's element is `localEntry`). */
export type ArtifactKind =
  | 'api'
  | 'endpoint'
  | 'sequence'
  | 'messageStore'
  | 'messageProcessor'
  | 'localEntry'
  | 'proxy'
  | 'template'
  | 'inboundEndpoint'
  | 'task';

export interface Artifact {
  kind: ArtifactKind;
  /** The artifact's name (`key` for a local entry). */
  name: string;
  /** Absolute path of the file it came from (inside a .car: `<car path>!/<entry>`). */
  file: string;
  /** The parsed document the artifact came from. */
  doc: XmlDocument;
  /** The artifact's root element. */
  element: XmlElement;
  /** Range of the name attribute's value, for go-to-definition. */
  nameRange: Range;
}

/** A file stored under a registry path, e.g. /_system/governance/datamapper/RequestMapping.dmc. */
export interface RegistryResource {
  /** Full registry path. */
  path: string;
  /** Absolute file path (or `<car>!/<entry>` for a .car). */
  file: string;
  mediaType?: string;
  content: Buffer;
  /** Name of the `registry/resource` artifact that carries it (artifact.xml), kept for CAR export. */
  artifactName?: string;
  /** Made by Conduit as MI's build makes it (a TypeScript data mapping's .dmc and schemas); `file` is where the build would write it. */
  generated?: boolean;
}

export type ProjectLayout = 'mi' | 'integration-studio' | 'car';

export interface Project {
  /** Project root folder, or the .car file. */
  root: string;
  name: string;
  version: string;
  layout: ProjectLayout;
  /** From pom.xml `project.runtime.version` where present (MI for VS Code projects), e.g. "4.4.0". */
  runtimeVersion?: string;
  artifacts: Artifact[];
  /** Keyed by full registry path. */
  registry: Map<string, RegistryResource>;
  /** Files that did not parse or were not artifacts: reported, never fatal to the others. */
  problems: Problem[];
}

/**
 * An artifact the runtime refused and why, as its management API lists it (`GET /artifacts`); an API
 * keeps its context, so a request to it is told why.
 */
export interface RefusedArtifact {
  kind: ArtifactKind;
  name: string;
  file: string;
  /** 1-based line of the problem. */
  line?: number;
  code: string;
  message: string;
  context?: string;
  version?: string;
}
