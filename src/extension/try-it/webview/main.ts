/**
 * The Try It panel's page. It renders the request form and the answer and keeps unsent edits in the
 * webview state; sending, and everything else that leaves the page, goes through the extension host.
 */
import { BODY_CONTENT_TYPES, type BodyKind, type ErrorView, type HostMessage, type RequestDraft, type ResourceInfo, type ResponseView, type RuntimeInfo, type WebviewMessage } from '../protocol';
import { resourceUrl } from '../uri-template';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): Saved | undefined;
  setState(state: Saved): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface Saved {
  draft: RequestDraft;
  answer?: HostMessage;
}

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let resource: ResourceInfo;
let runtime: RuntimeInfo;
let draft: RequestDraft;
let answer: HostMessage | undefined;

type Child = Node | string | false | undefined;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { class?: string; data?: string } = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  const { class: cls, data, ...rest } = props;
  Object.assign(e, rest);
  if (cls) e.className = cls;
  if (data) e.dataset.testid = data;
  for (const c of children) if (c) e.append(c);
  return e;
}

const SEND_KEY = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘Enter' : 'Ctrl+Enter';
const save = () => vscode.setState({ draft, answer });
const post = (m: WebviewMessage) => vscode.postMessage(m);
const send = () => post({ type: 'send', draft });

// --- request -------------------------------------------------------------------------------------

const banner = h('div', { class: 'banner', hidden: true, data: 'runtime-banner' });
const methodSelect = h('select', { title: 'Method', ariaLabel: 'Method', data: 'method' });
const urlView = h('code', { class: 'url', data: 'url' });
const sendButton = h('button', { class: 'primary', textContent: 'Send', title: `Send (${SEND_KEY})`, data: 'send' });
const variablesBox = h('div', { class: 'grid' });
const queryBox = h('div', { class: 'rows' });
const headersBox = h('div', { class: 'rows' });
const kindSelect = h('select', { title: 'Body kind', ariaLabel: 'Body kind', data: 'body-kind' });
const bodyArea = h('textarea', { spellcheck: false, ariaLabel: 'Body', data: 'body', rows: 12 });
const bodySection = h('section', {}, h('div', { class: 'heading' }, h('h3', { textContent: 'Body' }), kindSelect), bodyArea);
const responseBox = h('section', { class: 'response', data: 'response' });

for (const [value, label] of [['none', 'None'], ['json', 'JSON'], ['xml', 'XML'], ['text', 'Text']] as const) kindSelect.append(h('option', { value, textContent: label }));

function renderUrl(): void {
  urlView.textContent = resourceUrl(runtime.base, resource.context, resource.template, draft.values, draft.query);
}

function changed(): void {
  renderUrl();
  save();
}

function renderVariables(): void {
  variablesBox.replaceChildren();
  for (const name of resource.variables) {
    const input = h('input', { type: 'text', value: draft.values[name] ?? '', placeholder: name, id: `var-${name}`, data: `var-${name}` });
    input.addEventListener('input', () => {
      draft.values[name] = input.value;
      changed();
    });
    variablesBox.append(h('label', { htmlFor: input.id, textContent: `{${name}}` }), input);
  }
  variablesBox.parentElement!.hidden = resource.variables.length === 0;
}

/** Editable name/value rows (query parameters, headers) bound to one array of the draft. */
function renderRows(box: HTMLElement, rows: Array<[string, string]>, what: string, onChange: () => void): void {
  box.replaceChildren();
  rows.forEach((row, i) => {
    const name = h('input', { type: 'text', value: row[0], placeholder: 'name', ariaLabel: `${what} name` });
    const value = h('input', { type: 'text', value: row[1], placeholder: 'value', ariaLabel: `${what} value` });
    const remove = h('button', { class: 'icon', textContent: '×', title: `Remove this ${what}`, ariaLabel: `Remove ${what}` });
    name.addEventListener('input', () => ((row[0] = name.value), onChange()));
    value.addEventListener('input', () => ((row[1] = value.value), onChange()));
    remove.addEventListener('click', () => {
      rows.splice(i, 1);
      renderRows(box, rows, what, onChange);
      onChange();
    });
    box.append(h('div', { class: 'row' }, name, value, remove));
  });
  const add = h('button', { class: 'link', textContent: `+ Add ${what}` });
  add.addEventListener('click', () => {
    rows.push(['', '']);
    renderRows(box, rows, what, onChange);
    (box.querySelector('.row:last-of-type input') as HTMLInputElement | null)?.focus();
  });
  box.append(add);
}

/** A new body kind presets Content-Type (or drops it for no body). */
function setBodyKind(kind: BodyKind): void {
  draft.bodyKind = kind;
  const at = draft.headers.findIndex(([k]) => k.toLowerCase() === 'content-type');
  if (kind === 'none') {
    if (at >= 0) draft.headers.splice(at, 1);
  } else if (at >= 0) draft.headers[at][1] = BODY_CONTENT_TYPES[kind];
  else draft.headers.unshift(['Content-Type', BODY_CONTENT_TYPES[kind]]);
  renderRows(headersBox, draft.headers, 'header', save);
  bodyArea.hidden = kind === 'none';
  save();
}

function renderRuntime(): void {
  const port = runtime.base.replace(/^.*:/, '');
  banner.hidden = runtime.running;
  const start = h('button', { textContent: 'Export and Run', data: 'start-runtime' });
  start.addEventListener('click', () => post({ type: 'startRuntime' }));
  banner.replaceChildren(h('span', { textContent: `The Conduit runtime is not running; requests go to port ${port}.` }), start);
  renderUrl();
}

function renderRequest(): void {
  methodSelect.replaceChildren(...resource.methods.map((m) => h('option', { value: m, textContent: m })));
  if (!resource.methods.includes(draft.method)) draft.method = resource.methods[0];
  methodSelect.value = draft.method;
  kindSelect.value = draft.bodyKind;
  bodyArea.value = draft.body;
  fitBody();
  bodyArea.hidden = draft.bodyKind === 'none';
  renderVariables();
  renderRows(queryBox, draft.query, 'parameter', changed);
  renderRows(headersBox, draft.headers, 'header', save);
  renderRuntime();
}

methodSelect.addEventListener('change', () => {
  draft.method = methodSelect.value;
  changed();
});
kindSelect.addEventListener('change', () => setBodyKind(kindSelect.value as BodyKind));
/** The body editor grows with its text, so a typical request body shows whole. */
function fitBody(): void {
  bodyArea.rows = Math.min(Math.max(bodyArea.value.split('\n').length + 1, 8), 30);
}
bodyArea.addEventListener('input', () => {
  draft.body = bodyArea.value;
  fitBody();
  save();
});
sendButton.addEventListener('click', send);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    send();
  }
});

// --- response ------------------------------------------------------------------------------------

function statusClass(status: number): string {
  return status >= 500 ? 'bad' : status >= 400 ? 'warn' : status >= 300 ? 'info' : 'good';
}

function renderResponse(r: ResponseView): void {
  const open = h('button', { textContent: 'Open in editor', data: 'open-in-editor' });
  open.addEventListener('click', () => post({ type: 'openInEditor' }));
  const headers = h('table', {}, ...r.headers.map(([k, v]) => h('tr', {}, h('th', { textContent: k }), h('td', { textContent: v }))));
  responseBox.replaceChildren(
    h('div', { class: 'status-line' },
      h('span', { class: `status ${statusClass(r.status)}`, textContent: `${r.status} ${r.statusText}`, data: 'status' }),
      h('span', { class: 'muted', textContent: `${r.elapsedMs} ms` }),
      h('span', { class: 'spacer' }),
      open),
    h('div', { class: 'muted url-small', textContent: `${r.method} ${r.url}` }),
    h('details', {}, h('summary', { textContent: `Headers (${r.headers.length})` }), headers),
    h('pre', { class: `body ${r.language}`, textContent: r.body || '(empty body)', data: 'response-body' }),
  );
}

function renderError(e: ErrorView): void {
  const box = h('div', { class: 'error', role: 'alert', data: 'error' },
    h('strong', { textContent: 'No response' }),
    h('span', { textContent: e.message }),
    h('span', { class: 'muted url-small', textContent: `${e.method} ${e.url}` }));
  if (e.offerStart) {
    const start = h('button', { textContent: 'Export and Run' });
    start.addEventListener('click', () => post({ type: 'startRuntime' }));
    box.append(start);
  }
  responseBox.replaceChildren(box);
}

function renderAnswer(): void {
  sendButton.disabled = answer?.type === 'sending';
  if (answer?.type === 'sending') responseBox.replaceChildren(h('div', { class: 'muted', textContent: 'Sending…' }));
  else if (answer?.type === 'response') renderResponse(answer.response);
  else if (answer?.type === 'error') renderError(answer.error);
  else responseBox.replaceChildren(h('div', { class: 'muted', textContent: `Press Send (${SEND_KEY}) to see the answer here.` }));
}

// --- wiring --------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'init': {
      resource = m.resource;
      runtime = m.runtime;
      // Unsent edits survive the panel being hidden and shown again; the host only knows what was sent.
      const saved = vscode.getState();
      draft = saved?.draft ?? m.draft;
      answer ??= saved?.answer;
      if (answer?.type === 'sending') answer = undefined;
      renderRequest();
      renderAnswer();
      save();
      return;
    }
    case 'runtime':
      runtime = m.runtime;
      if (resource) renderRuntime();
      return;
    default:
      answer = m;
      renderAnswer();
      save();
  }
});

app.append(
  banner,
  h('section', { class: 'request' },
    h('div', { class: 'line' }, methodSelect, urlView, sendButton),
    h('section', {}, h('h3', { textContent: 'Path variables' }), variablesBox),
    h('section', {}, h('h3', { textContent: 'Query parameters' }), queryBox),
    h('section', {}, h('h3', { textContent: 'Headers' }), headersBox),
    bodySection),
  h('h2', { textContent: 'Response' }),
  responseBox,
);
post({ type: 'ready' });
