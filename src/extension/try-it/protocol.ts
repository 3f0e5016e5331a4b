/**
 * Messages between the Try It panel's webview and the extension host, declared once for both sides. The
 * webview never fetches: it asks the host to send, and the host answers with a response or an error.
 */

export type BodyKind = 'none' | 'json' | 'xml' | 'text';

/** The Content-Type each body kind presets in the headers. */
export const BODY_CONTENT_TYPES: Record<Exclude<BodyKind, 'none'>, string> = {
  json: 'application/json',
  xml: 'application/xml',
  text: 'text/plain',
};

/** What the user filled in; kept per resource in workspace state once sent. */
export interface RequestDraft {
  method: string;
  /** Path variable name → value. */
  values: Record<string, string>;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  bodyKind: BodyKind;
  body: string;
}

/** The resource the panel is for, and where requests go. */
export interface ResourceInfo {
  api: string;
  methods: string[];
  /** The API's context, e.g. `/healthcare`. */
  context: string;
  template: string;
  variables: string[];
}

export interface RuntimeInfo {
  running: boolean;
  /** `http://localhost:<port>`: the running runtime's, else the configured port's. */
  base: string;
}

export interface ResponseView {
  method: string;
  url: string;
  status: number;
  statusText: string;
  elapsedMs: number;
  headers: Array<[string, string]>;
  /** The body, pretty-printed when it is JSON or XML. */
  body: string;
  language: 'json' | 'xml' | 'text';
}

export interface ErrorView {
  method: string;
  url: string;
  message: string;
  /** True when nothing listened and no runtime runs here: the panel offers Export and Run. */
  offerStart: boolean;
}

export type HostMessage =
  | { type: 'init'; resource: ResourceInfo; runtime: RuntimeInfo; draft: RequestDraft }
  | { type: 'runtime'; runtime: RuntimeInfo }
  | { type: 'sending' }
  | { type: 'response'; response: ResponseView }
  | { type: 'error'; error: ErrorView };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'send'; draft: RequestDraft }
  | { type: 'openInEditor' }
  | { type: 'startRuntime' };
