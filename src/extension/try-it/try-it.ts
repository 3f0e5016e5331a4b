/**
 * Try it on an API resource: pick the method, fill the path variables, write a JSON body, send it to the
 * running runtime and show status, headers and body in a read-only editor.
 */
import * as vscode from 'vscode';
import { apiView } from '../../model/views';
import type { Artifact } from '../../model/types';
import type { Ctx } from '../ctx';
import type { WizardInput } from '../wizards/multi-step';
import { expandTemplate, formatResponse, send, templateVariables, type TryItRequest, type TryItResponse } from './http-request';

export const RESPONSE_SCHEME = 'conduit-response';

/** Holds the rendered responses the read-only editor shows. */
export class ResponseDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private seq = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

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

export async function tryResource(
  ctx: Ctx,
  api: Artifact,
  resourceIndex: number,
  input: WizardInput,
  port: number,
): Promise<{ request: TryItRequest; response: TryItResponse }> {
  const view = apiView(api);
  const resource = view.resources[resourceIndex];
  if (!resource) throw new Error(`${api.name} has no resource ${resourceIndex}`);
  const methods = resource.methods.length ? resource.methods : ['GET', 'POST', 'PUT', 'DELETE'];
  const method = await input.pick({ id: 'method', title: 'Method', items: methods.map((m) => ({ label: m, value: m })), active: methods[0] });
  const template = resource.uriTemplate?.value ?? resource.urlMapping?.value?.replace(/\*$/, '') ?? '/';
  const vars: Record<string, string> = {};
  for (const name of templateVariables(template)) {
    vars[name] = await input.text({
      id: name,
      title: `Path variable {${name}}`,
      validate: (v) => (v === '' ? `Enter a value for ${name}` : undefined),
    });
  }
  let body: string | undefined;
  if (['POST', 'PUT', 'PATCH'].includes(method)) {
    body = await input.text({
      id: 'body',
      title: 'JSON body',
      value: '{}',
      validate: (v) => {
        try {
          JSON.parse(v);
          return undefined;
        } catch (err) {
          return `Not JSON: ${(err as Error).message}`;
        }
      },
    });
  }
  const context = (view.context?.value ?? '').replace(/\/$/, '');
  const request: TryItRequest = {
    method,
    url: `http://localhost:${port}${context}${expandTemplate(template, vars)}`,
    headers: body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
    body,
  };
  const response = await send(request);
  void ctx;
  return { request, response };
}

export { formatResponse };
