/**
 * What Try It knows about a resource: its methods, URL template and a first request to offer; and the
 * read-only documents "Open in editor" shows a response body in.
 */
import * as vscode from 'vscode';
import { apiView } from '../../model/views';
import type { Artifact } from '../../model/types';
import type { RequestDraft, ResourceInfo } from './protocol';
import { templateVariables } from './uri-template';

export const RESPONSE_SCHEME = 'conduit-response';

/** Holds the response bodies the read-only editor shows. */
export class ResponseDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private seq = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  /** Opens `text` beside the active editor; the title's extension picks the language (`.json`, `.xml`). */
  async show(title: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: `/${++this.seq}/${title}` });
    this.texts.set(uri.path, text);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** The resource at `index` of an API, as the panel shows it. */
export function resourceInfo(api: Artifact, index: number): ResourceInfo {
  const view = apiView(api);
  const resource = view.resources[index];
  if (!resource) throw new Error(`${api.name} has no resource ${index}`);
  const template = resource.uriTemplate?.value ?? resource.urlMapping?.value?.replace(/\/?\*$/, '') ?? '/';
  return {
    api: api.name,
    // A resource without `methods` answers every method.
    methods: resource.methods.length ? resource.methods : ALL_METHODS,
    context: view.context?.value ?? '',
    template,
    variables: templateVariables(template),
  };
}

/**
 * A first request for a resource never sent to: its first method, and for a method with a body, a JSON
 * object with the top-level fields the resource reads (`json-eval($.hospital)`, `${payload.cardNo}`)
 * before its first call or send; after that, the payload is the back end's answer.
 */
export function firstDraft(api: Artifact, index: number, info: ResourceInfo): RequestDraft {
  const method = info.methods[0];
  const values = Object.fromEntries(info.variables.map((v) => [v, '']));
  if (!WITH_BODY.has(method)) return { method, values, query: [], headers: [], bodyKind: 'none', body: '' };
  const element = apiView(api).resources[index].element;
  const source = api.doc.text.slice(element.range.start.offset, element.range.end.offset).split(/<(?:\w+:)?(?:call|send)\b/)[0];
  const fields = new Set([...source.matchAll(/(?:json-eval\(\s*\$\.|\bpayload\.)([A-Za-z_][\w-]*)/g)].map((m) => m[1]));
  const body = JSON.stringify(Object.fromEntries([...fields].map((f) => [f, ''])), null, 2);
  return { method, values, query: [], headers: [['Content-Type', 'application/json']], bodyKind: 'json', body };
}
