// The diagram panel's page: shows the picture the extension host drew, with zoom, pan and a minimap,
// and tells the host which node was clicked. It never parses or lays out anything itself.
import type { DiagramHostMessage, DiagramWebviewMessage } from '../protocol';

declare function acquireVsCodeApi(): { postMessage(message: DiagramWebviewMessage): void };
const vscode = acquireVsCodeApi();

const viewport = document.getElementById('viewport') as HTMLDivElement;
const canvas = document.getElementById('canvas') as HTMLDivElement;
const note = document.getElementById('note') as HTMLDivElement;
const minimap = document.getElementById('minimap') as HTMLDivElement;
const minimapPicture = document.getElementById('minimap-picture') as HTMLDivElement;
const minimapView = document.getElementById('minimap-view') as HTMLDivElement;
const zoomLevel = document.getElementById('zoom-level') as HTMLSpanElement;
const actions = document.getElementById('actions') as HTMLDivElement;
const palette = document.getElementById('palette') as HTMLSelectElement;

const MIN_SCALE = 0.05;
const MAX_SCALE = 3;
const MINIMAP_WIDTH = 160;
/** Below this the first view would be unreadable: start there and let the user pan or zoom out. */
const FIRST_MIN_SCALE = 0.6;

let scale = 1;
let tx = 0;
let ty = 0;
let size = { width: 0, height: 0 };
let first = true;
let selected: string | undefined;

function apply(): void {
  canvas.style.transform = `translate(${tx}px, ${ty}px) scale(${scale})`;
  zoomLevel.textContent = `${Math.round(scale * 100)}%`;
  updateMinimap();
}

function clampScale(s: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));
}

/** Zooms keeping the picture's point under (cx, cy) in the viewport where it is. */
function zoomAt(factor: number, cx = viewport.clientWidth / 2, cy = viewport.clientHeight / 2): void {
  const next = clampScale(scale * factor);
  tx = cx - ((cx - tx) * next) / scale;
  ty = cy - ((cy - ty) * next) / scale;
  scale = next;
  apply();
}

function fit(): void {
  if (!size.width) return;
  scale = clampScale(Math.min(viewport.clientWidth / size.width, viewport.clientHeight / size.height, 1));
  tx = (viewport.clientWidth - size.width * scale) / 2;
  ty = Math.max(0, (viewport.clientHeight - size.height * scale) / 2);
  apply();
}

/** First view: the whole width if it stays readable, from the top. */
function fitWidth(): void {
  scale = clampScale(Math.max(FIRST_MIN_SCALE, Math.min(1, (viewport.clientWidth - 16) / size.width)));
  tx = Math.max(8, (viewport.clientWidth - size.width * scale) / 2);
  if (size.width * scale > viewport.clientWidth) tx = 8;
  ty = 8;
  apply();
}

function updateMinimap(): void {
  const large = size.width * scale > viewport.clientWidth * 1.05 || size.height * scale > viewport.clientHeight * 1.05;
  minimap.hidden = !large || !size.width;
  if (minimap.hidden) return;
  const k = Math.min(MINIMAP_WIDTH / size.width, Math.max(120, viewport.clientHeight - 100) / size.height);
  minimap.style.width = `${size.width * k}px`;
  minimap.style.height = `${size.height * k}px`;
  const x = (-tx / scale) * k;
  const y = (-ty / scale) * k;
  minimapView.style.left = `${x}px`;
  minimapView.style.top = `${y}px`;
  minimapView.style.width = `${(viewport.clientWidth / scale) * k}px`;
  minimapView.style.height = `${(viewport.clientHeight / scale) * k}px`;
}

/** Centres the view on a point of the picture given in minimap pixels. */
function minimapJump(e: MouseEvent): void {
  const box = minimap.getBoundingClientRect();
  const k = box.width / size.width;
  const px = (e.clientX - box.left) / k;
  const py = (e.clientY - box.top) / k;
  tx = viewport.clientWidth / 2 - px * scale;
  ty = viewport.clientHeight / 2 - py * scale;
  apply();
}

function showSelected(scrollTo: boolean): void {
  for (const g of canvas.querySelectorAll('.node.selected')) g.classList.remove('selected');
  const g = selected ? canvas.querySelector(`.node[data-id="${CSS.escape(selected)}"]`) : null;
  actions.hidden = !g;
  if (!g) return;
  g.classList.add('selected');
  if (!scrollTo) return;
  const rect = (g.querySelector('rect.box') as SVGRectElement).getBBox();
  const cx = rect.x * scale + tx + (rect.width * scale) / 2;
  const cy = rect.y * scale + ty + (rect.height * scale) / 2;
  if (cx < 0 || cy < 0 || cx > viewport.clientWidth || cy > viewport.clientHeight) {
    tx += viewport.clientWidth / 2 - cx;
    ty += viewport.clientHeight / 2 - cy;
    apply();
  }
}

window.addEventListener('message', (event: MessageEvent<DiagramHostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'render': {
      if (palette.options.length === 0) for (const p of m.palette) palette.add(new Option(p.label, p.kind));
      canvas.innerHTML = m.svg;
      minimapPicture.innerHTML = m.svg;
      const svg = canvas.querySelector('svg')!;
      size = { width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) };
      const mini = minimapPicture.querySelector('svg')!;
      mini.setAttribute('width', '100%');
      mini.setAttribute('height', '100%');
      note.hidden = true;
      if (first) {
        first = false;
        fitWidth();
      } else apply();
      showSelected(false);
      vscode.postMessage({ type: 'rendered', steps: canvas.querySelectorAll('.node.step').length });
      return;
    }
    case 'error':
      note.textContent = `The picture shows the last version that could be drawn: ${m.message}`;
      note.hidden = false;
      return;
    case 'highlight':
      selected = m.id;
      showSelected(true);
      return;
  }
});

// Pan by dragging the background; a press that does not move is a click.
let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | undefined;
viewport.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  drag = { x: e.clientX, y: e.clientY, tx, ty, moved: false };
  viewport.setPointerCapture(e.pointerId);
});
viewport.addEventListener('pointermove', (e) => {
  if (!drag) return;
  const dx = e.clientX - drag.x;
  const dy = e.clientY - drag.y;
  if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
  drag.moved = true;
  viewport.classList.add('panning');
  tx = drag.tx + dx;
  ty = drag.ty + dy;
  apply();
});
viewport.addEventListener('pointerup', (e) => {
  const wasDrag = drag?.moved;
  drag = undefined;
  viewport.classList.remove('panning');
  if (wasDrag) return;
  const g = (document.elementFromPoint(e.clientX, e.clientY) as Element | null)?.closest('.node.step[data-id]');
  const id = g?.getAttribute('data-id');
  if (!id) return;
  selected = id;
  showSelected(false);
  vscode.postMessage({ type: 'select', id });
});
viewport.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) {
      const box = viewport.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY / 300), e.clientX - box.left, e.clientY - box.top);
    } else {
      tx -= e.deltaX;
      ty -= e.deltaY;
      apply();
    }
  },
  { passive: false },
);
minimap.addEventListener('pointerdown', (e) => {
  e.stopPropagation();
  minimapJump(e);
  const move = (ev: PointerEvent) => minimapJump(ev);
  const up = () => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
});
// Edits of the selected node; the host computes them from the document's text and applies them.
document.getElementById('insert')!.addEventListener('click', () => selected && vscode.postMessage({ type: 'insert', kind: palette.value, after: selected }));
document.getElementById('move-up')!.addEventListener('click', () => selected && vscode.postMessage({ type: 'move', id: selected, direction: 'up' }));
document.getElementById('move-down')!.addEventListener('click', () => selected && vscode.postMessage({ type: 'move', id: selected, direction: 'down' }));
document.getElementById('delete')!.addEventListener('click', () => selected && vscode.postMessage({ type: 'delete', id: selected }));
document.getElementById('zoom-in')!.addEventListener('click', () => zoomAt(1.25));
document.getElementById('zoom-out')!.addEventListener('click', () => zoomAt(0.8));
document.getElementById('zoom-fit')!.addEventListener('click', fit);
window.addEventListener('keydown', (e) => {
  if (e.key === '+' || e.key === '=') zoomAt(1.25);
  else if (e.key === '-') zoomAt(0.8);
  else if (e.key === '0') fit();
});
window.addEventListener('resize', () => apply());

vscode.postMessage({ type: 'ready' });
