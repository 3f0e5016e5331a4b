/**
 * Try It as a request panel: one webview panel per API resource, reused when opened again. The webview
 * (webview/main.ts) only renders and collects input; requests go out from here, through http-request.ts,
 * to the runtime Export and Run started (or to the configured port when none runs here).
 */
import * as vscode from 'vscode';
import type { Artifact } from '../../model/types';
import type { Ctx } from '../ctx';
import { webviewPage } from '../webview-page';
import type { RuntimeSession } from '../tasks/runtime-session';
import { describeError, prettyBody, send, type TryItRequest } from './http-request';
import { BODY_CONTENT_TYPES, type ErrorView, type HostMessage, type RequestDraft, type ResourceInfo, type ResponseView, type RuntimeInfo, type WebviewMessage } from './protocol';
import { firstDraft, resourceInfo, type ResponseDocuments } from './try-it';
import { resourceUrl } from './uri-template';

const PANEL_VIEW_TYPE = 'conduit.tryIt';

/** Opens and keeps the panels, one per resource; tells them when the runtime starts or stops. */
export class TryItPanels implements vscode.Disposable {
  private readonly byResource = new Map<string, TryItPanel>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly ctx: Ctx,
    private readonly runtime: RuntimeSession,
    private readonly responses: ResponseDocuments,
  ) {
    this.subscriptions = [runtime.onDidChangeState(() => this.byResource.forEach((p) => p.post({ type: 'runtime', runtime: this.runtimeInfo() })))];
  }

  /** The panel of a resource, created or revealed. */
  open(api: Artifact, index: number): TryItPanel {
    const info = resourceInfo(api, index);
    const key = `${api.file}#${index}:${info.template}`;
    const existing = this.byResource.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = new TryItPanel(this, api, index, info, this.ctx.extension.extensionUri);
    this.byResource.set(key, panel);
    panel.onDidDispose(() => this.byResource.delete(key));
    return panel;
  }

  /** Panels open now (the tests check reuse). */
  get panels(): readonly TryItPanel[] {
    return [...this.byResource.values()];
  }

  runtimeInfo(): RuntimeInfo {
    return { running: this.runtime.running, base: `http://localhost:${this.runtime.port ?? this.ctx.config.runtimePort}` };
  }

  /** The request a resource sent last, kept across sessions in workspace state. */
  lastDraft(info: ResourceInfo): RequestDraft | undefined {
    return this.ctx.extension.workspaceState.get<RequestDraft>(draftKey(info));
  }

  rememberDraft(info: ResourceInfo, draft: RequestDraft): Thenable<void> {
    return this.ctx.extension.workspaceState.update(draftKey(info), draft);
  }

  showInEditor(title: string, text: string): Thenable<unknown> {
    return this.responses.show(title, text);
  }

  dispose(): void {
    for (const p of this.panels) p.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

const draftKey = (info: ResourceInfo) => `conduit.tryIt.lastRequest/${info.api}${info.context}${info.template}`;

/** The outcome of one Send: the response, or why there was none. */
export type SendOutcome = { response: ResponseView; error?: undefined } | { error: ErrorView; response?: undefined };

/** One resource's panel: the webview, the messages to and from it, and the last answer. */
export class TryItPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly posted = new vscode.EventEmitter<HostMessage>();
  /** Every message sent to the webview, as it receives it. */
  readonly onDidPostMessage = this.posted.event;
  readonly onDidDispose: vscode.Event<void>;
  private last: ResponseView | undefined;
  private closed = false;

  constructor(
    private readonly owner: TryItPanels,
    private readonly api: Artifact,
    private readonly index: number,
    readonly resource: ResourceInfo,
    extensionUri: vscode.Uri,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      `Try ${resource.template}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
      },
    );
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'resource.svg');
    this.panel.webview.html = webviewPage(this.panel.webview, extensionUri, {
      title: `${resource.api} ${resource.template}`,
      script: 'try-it-webview.js',
      style: 'try-it.css',
      body: (title) => `<main id="app" aria-label="${title}"></main>`,
    });
    this.onDidDispose = this.panel.onDidDispose;
    this.panel.webview.onDidReceiveMessage((m: WebviewMessage) => void this.receive(m));
    this.panel.onDidDispose(() => {
      this.closed = true;
      this.posted.dispose();
    });
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  post(message: HostMessage): void {
    // An answer may arrive after the user closed the panel.
    if (this.closed) return;
    void this.panel.webview.postMessage(message);
    this.posted.fire(message);
  }

  /** Handles a message from the webview (its own messages arrive here; a test may call it the same way). */
  async receive(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const draft = this.owner.lastDraft(this.resource) ?? firstDraft(this.api, this.index, this.resource);
        this.post({ type: 'init', resource: this.resource, runtime: this.owner.runtimeInfo(), draft });
        if (this.last) this.post({ type: 'response', response: this.last });
        return;
      }
      case 'send':
        await this.send(message.draft);
        return;
      case 'openInEditor':
        if (this.last) await this.owner.showInEditor(`${this.resource.api} ${this.last.status}.${this.last.language === 'text' ? 'txt' : this.last.language}`, this.last.body);
        return;
      case 'startRuntime':
        // A failure was shown to the user by the command itself; the panel learns of a start from the session.
        await vscode.commands.executeCommand('conduit.exportAndRun').then(undefined, () => undefined);
        return;
    }
  }

  /** Sends the request the draft describes and posts the response (or the error) to the webview. */
  async send(draft: RequestDraft): Promise<SendOutcome> {
    const runtime = this.owner.runtimeInfo();
    const request = toRequest(draft, this.resource, runtime.base);
    this.post({ type: 'sending' });
    await this.owner.rememberDraft(this.resource, draft);
    try {
      const res = await send(request);
      const type = res.headers['content-type'];
      const pretty = prettyBody(res.body, Array.isArray(type) ? type.join(', ') : (type ?? ''));
      const response: ResponseView = {
        method: request.method,
        url: request.url,
        status: res.status,
        statusText: res.statusText,
        elapsedMs: res.elapsedMs,
        headers: Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]),
        body: pretty.text,
        language: pretty.language,
      };
      this.last = response;
      this.post({ type: 'response', response });
      return { response };
    } catch (err) {
      const refused = (err as NodeJS.ErrnoException).code === 'ECONNREFUSED';
      const notRunning = refused && !runtime.running ? ' The Conduit runtime is not running here.' : '';
      const error: ErrorView = { method: request.method, url: request.url, message: describeError(err, request.url) + notRunning, offerStart: notRunning !== '' };
      this.post({ type: 'error', error });
      return { error };
    }
  }

  dispose(): void {
    this.panel.dispose();
  }
}

function toRequest(draft: RequestDraft, resource: ResourceInfo, base: string): TryItRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of draft.headers) if (name.trim()) headers[name.trim().toLowerCase()] = value;
  const withBody = draft.bodyKind !== 'none';
  if (withBody) headers['content-type'] ??= BODY_CONTENT_TYPES[draft.bodyKind as keyof typeof BODY_CONTENT_TYPES];
  else delete headers['content-type'];
  return {
    method: draft.method,
    url: resourceUrl(base, resource.context, resource.template, draft.values, draft.query),
    headers,
    body: withBody ? draft.body : undefined,
  };
}
