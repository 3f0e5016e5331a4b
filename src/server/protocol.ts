/** Requests and notifications Conduit adds to LSP, declared once for the server and the client. */
import { NotificationType } from 'vscode-languageserver-protocol';

export interface ProjectLoadedParams {
  /** The project root, or undefined when the workspace holds no Synapse project. */
  root?: string;
  artifacts: number;
}

/** Sent once the project is loaded and its first diagnostics are published. */
export const PROJECT_LOADED = new NotificationType<ProjectLoadedParams>('conduit/projectLoaded');
