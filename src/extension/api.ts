/** What the extension returns from activate(): used by its own extension-host tests, not a public API. */
import type { MessageTraceView } from './views/message-trace';
import type { ExplorerNode, ProjectExplorer } from './views/project-explorer';
import type { RuntimeSession } from './tasks/runtime-session';
import type { Ctx } from './ctx';
import type { TryItPanels } from './try-it/try-it-panel';

export interface ConduitApi {
  ctx: Ctx;
  explorer: ProjectExplorer;
  runtime: RuntimeSession;
  /** The Try It panels (a test talks to one through its message protocol). */
  tryIt: TryItPanels;
  /** The Message Trace view's provider (a test reads the tree as the user sees it). */
  traces: MessageTraceView;
  /** The explorer's nodes, depth first (a test can find an item as the user sees it). */
  allNodes(): ExplorerNode[];
  /** True once the language client started (false when dist/server.js is absent). */
  languageClientRunning(): boolean;
}

/**
 * The argument object commands accept instead of prompting: the answers keyed by prompt id. A missing
 * answer takes the default the prompt would show.
 */
export interface ScriptedArgs {
  values: Record<string, string>;
  /** Create Project only: the folder the project goes into. */
  parent?: string;
  /** Delete only: skip the confirmation. */
  confirmed?: boolean;
  /** Create Project only: do not open the new folder (tests stay in their workspace). */
  noOpen?: boolean;
}
