/**
 * The Open Diagram view: one webview panel per artifact document, drawn by the model's renderer (the
 * same one as `conduit diagram`). It follows the document as it is typed (debounced; a document that
 * does not parse keeps the last picture under a note), a click on a node selects its element in the
 * editor, and the cursor in the editor highlights the innermost node that holds it.
 */
import * as vscode from 'vscode';
import { PALETTE, paletteXml } from '../../model/builders/mediator';
import { deleteStep, insertAfter, moveStep, type TextEdit } from '../../model/diagram/edits';
import { renderDiagram, type Diagram } from '../../model/diagram/render';
import type { LaidNode } from '../../model/diagram/layout';
import { webviewPage } from '../webview-page';
import type { DiagramHostMessage, DiagramWebviewMessage } from './protocol';

const VIEW_TYPE = 'conduit.diagram';
/** Long enough to skip the renders of a burst of keystrokes, short enough to feel live. */
const DEBOUNCE_MS = 300;
const DRAWN_ROOTS = /<(?:\w+:)?(api|sequence|proxy|template)[\s>/]/;

/** True when a document's root element is one the diagram draws (read from its first element only). */
export function hasDiagram(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'xml' && !document.fileName.endsWith('.xml')) return false;
  const head = document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 40), 0)).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  const first = /<[A-Za-z][^\s>/]*[\s>/]/.exec(head);
  return !!first && DRAWN_ROOTS.test(first[0]);
}

export class DiagramPanels implements vscode.Disposable {
  private readonly byDocument = new Map<string, DiagramPanel>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly extensionUri: vscode.Uri) {
    const updateContext = (editor: vscode.TextEditor | undefined) =>
      void vscode.commands.executeCommand('setContext', 'conduit.editorHasDiagram', !!editor && hasDiagram(editor.document));
    updateContext(vscode.window.activeTextEditor);
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(updateContext),
      vscode.workspace.onDidChangeTextDocument((e) => this.byDocument.get(e.document.uri.toString())?.changed()),
      vscode.window.onDidChangeTextEditorSelection((e) => this.byDocument.get(e.textEditor.document.uri.toString())?.cursorAt(e.textEditor.document.offsetAt(e.selections[0].active))),
    ];
  }

  /** The panel of a document, created or revealed. */
  async open(uri: vscode.Uri): Promise<DiagramPanel> {
    const key = uri.toString();
    const existing = this.byDocument.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const panel = new DiagramPanel(document, this.extensionUri);
    this.byDocument.set(key, panel);
    panel.onDidDispose(() => this.byDocument.delete(key));
    return panel;
  }

  get panels(): readonly DiagramPanel[] {
    return [...this.byDocument.values()];
  }

  dispose(): void {
    for (const p of this.panels) p.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

export class DiagramPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly posted = new vscode.EventEmitter<DiagramHostMessage>();
  private readonly received = new vscode.EventEmitter<DiagramWebviewMessage>();
  /** Every message sent to the webview. */
  readonly onDidPostMessage = this.posted.event;
  /** Every message the webview sent. */
  readonly onDidReceiveMessage = this.received.event;
  readonly onDidDispose: vscode.Event<void>;
  /** The picture drawn last, and the document version it was drawn from. */
  diagram: Diagram | undefined;
  private drawnVersion = -1;
  private timer: NodeJS.Timeout | undefined;
  private rendering: Promise<void> = Promise.resolve();
  private highlighted: string | undefined;
  private closed = false;

  constructor(
    readonly document: vscode.TextDocument,
    extensionUri: vscode.Uri,
  ) {
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Diagram: ${name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'diagram.svg');
    this.panel.webview.html = webviewPage(this.panel.webview, extensionUri, {
      title: name,
      script: 'diagram-webview.js',
      style: 'diagram.css',
      inlineStyles: true,
      body: (title) => `<div id="actions" role="toolbar" aria-label="Edit the selected mediator" hidden>
  <label>Insert after <select id="palette"></select></label><button id="insert" title="Insert the chosen mediator after the selected one">Insert</button>
  <button id="move-up" title="Move up">↑</button><button id="move-down" title="Move down">↓</button><button id="delete" title="Delete">Delete</button>
</div>
<div id="toolbar" role="toolbar" aria-label="Zoom">
  <button id="zoom-out" title="Zoom out (-)">−</button><span id="zoom-level">100%</span><button id="zoom-in" title="Zoom in (+)">+</button><button id="zoom-fit" title="Fit (0)">Fit</button>
</div>
<div id="note" hidden></div>
<div id="viewport" aria-label="${title}"><div id="canvas"></div></div>
<div id="minimap" hidden><div id="minimap-picture"></div><div id="minimap-view"></div></div>`,
    });
    this.onDidDispose = this.panel.onDidDispose;
    this.panel.webview.onDidReceiveMessage((m: DiagramWebviewMessage) => void this.receive(m));
    this.panel.onDidDispose(() => {
      this.closed = true;
      clearTimeout(this.timer);
      this.posted.dispose();
      this.received.dispose();
    });
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** The document changed: draw it again once typing pauses. */
  changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.render(), DEBOUNCE_MS);
  }

  /** Draws the document as it is now (renders one at a time; the last one wins). */
  render(): Promise<void> {
    this.rendering = this.rendering.then(async () => {
      if (this.closed || this.document.version === this.drawnVersion) return;
      const version = this.document.version;
      try {
        this.diagram = await renderDiagram(this.document.getText());
        this.drawnVersion = version;
        const steps = this.diagram.layout.nodes.filter((n) => n.shape === 'step').length;
        this.post({ type: 'render', svg: this.diagram.svg, title: this.panel.title, steps, palette: PALETTE.map(({ kind, label }) => ({ kind, label })) });
        if (this.highlighted) this.post({ type: 'highlight', id: this.highlighted });
      } catch (err) {
        this.post({ type: 'error', message: (err as Error).message });
      }
    });
    return this.rendering;
  }

  /** Highlights the innermost step whose element holds the offset. */
  cursorAt(offset: number): void {
    const node = this.nodeAt(offset);
    if (node?.id === this.highlighted) return;
    this.highlighted = node?.id;
    this.post({ type: 'highlight', id: node?.id });
  }

  nodeAt(offset: number): LaidNode | undefined {
    let best: LaidNode | undefined;
    for (const n of this.diagram?.layout.nodes ?? []) {
      if (n.shape !== 'step' || !n.range) continue;
      if (n.range.start.offset <= offset && offset <= n.range.end.offset && (!best || n.range.start.offset >= best.range!.start.offset)) best = n;
    }
    return best;
  }

  /** Handles a message from the webview (a test may call it the same way). */
  async receive(message: DiagramWebviewMessage): Promise<void> {
    if (!this.closed) this.received.fire(message);
    switch (message.type) {
      case 'ready':
        this.drawnVersion = -1;
        await this.render();
        return;
      case 'select':
        await this.select(message.id);
        return;
      case 'insert':
        await this.edit(() => insertAfter(this.document.getText(), message.after, paletteXml(message.kind)));
        return;
      case 'delete':
        await this.edit(() => deleteStep(this.document.getText(), message.id));
        return;
      case 'move':
        await this.edit(() => moveStep(this.document.getText(), message.id, message.direction));
        return;
    }
  }

  /**
   * Applies one edit the model computed from the document's current text, as a WorkspaceEdit (so undo
   * works and nothing outside its range changes). A refused edit is shown, and the document is untouched.
   */
  async edit(compute: () => TextEdit): Promise<boolean> {
    let change: TextEdit;
    try {
      change = compute();
    } catch (err) {
      void vscode.window.showWarningMessage(`Conduit diagram: ${(err as Error).message}`);
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(this.document.uri, new vscode.Range(this.document.positionAt(change.start), this.document.positionAt(change.end)), change.text);
    const applied = await vscode.workspace.applyEdit(edit);
    if (applied) await this.render();
    return applied;
  }

  /** Shows a node's element in the editor beside, its start tag selected. */
  async select(id: string): Promise<vscode.TextEditor | undefined> {
    const node = this.diagram?.layout.nodes.find((n) => n.id === id);
    if (!node?.range) return undefined;
    const start = this.document.positionAt(node.range.start.offset);
    const end = this.document.positionAt(node.range.end.offset);
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    const editor = await vscode.window.showTextDocument(this.document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(start, start);
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  }

  private post(message: DiagramHostMessage): void {
    if (this.closed) return;
    void this.panel.webview.postMessage(message);
    this.posted.fire(message);
  }

  dispose(): void {
    this.panel.dispose();
  }
}

/**
 * `conduit.openDiagram`: from the editor title (a file's Uri), the explorer (an artifact's node) or the
 * palette (the active editor). Resolves to the panel, which the extension-host tests drive.
 */
export function registerDiagram(extensionUri: vscode.Uri): vscode.Disposable[] {
  const panels = new DiagramPanels(extensionUri);
  const command = vscode.commands.registerCommand('conduit.openDiagram', async (target?: unknown) => {
    let uri: vscode.Uri | undefined;
    if (target instanceof vscode.Uri) uri = target;
    else if (target && typeof target === 'object' && 'artifact' in target) uri = vscode.Uri.file((target as { artifact: { file: string } }).artifact.file);
    else uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Open an API, sequence, proxy or sequence template to see its diagram.');
      return undefined;
    }
    return panels.open(uri);
  });
  return [panels, command];
}
