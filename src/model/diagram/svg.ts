/**
 * Draws a laid-out diagram as SVG. Colours are VS Code theme variables with light-theme fallbacks, so
 * the same picture is themed inside the editor and readable as a file. Every step carries its id and
 * source offsets (`data-id`, `data-start`, `data-end`) for the editor to reveal and highlight it.
 */
import { escapeAttr, escapeText } from '../xml';
import type { DiagramLayout, LaidEdge, LaidNode } from './layout';

/** Mediator kinds grouped by what they do, each group one accent colour. */
const CATEGORY: Record<string, string> = {
  call: 'endpoint', send: 'endpoint', callout: 'endpoint', loopback: 'endpoint',
  switch: 'branch', filter: 'branch', iterate: 'branch', clone: 'branch', foreach: 'branch', aggregate: 'branch', 'scatter-gather': 'branch', throttle: 'branch', cache: 'branch', validate: 'branch',
  payloadFactory: 'transform', datamapper: 'transform', xslt: 'transform', fastXSLT: 'transform', enrich: 'transform', script: 'transform',
  property: 'data', variable: 'data', header: 'data', propertyGroup: 'data',
  log: 'log',
  store: 'store', sequence: 'sequence', 'call-template': 'sequence',
  respond: 'end', drop: 'end', makefault: 'end', throwError: 'end',
};

const STYLE = `
.cd{font-family:var(--vscode-font-family,-apple-system,'Segoe UI',sans-serif);font-size:12px}
.cd .flow{fill:var(--vscode-sideBar-background,#f6f7f9);stroke:var(--vscode-panel-border,#d7dbe0)}
.cd .flow-title{font-size:14px;font-weight:600;fill:var(--vscode-foreground,#1f2328)}
.cd .flow-kind{fill:var(--vscode-descriptionForeground,#656d76);font-size:11px}
.cd .section{fill:none;stroke:var(--vscode-panel-border,#d7dbe0);stroke-dasharray:3 3}
.cd .section.fault{stroke:var(--vscode-charts-red,#cf222e)}
.cd .section-title{fill:var(--vscode-descriptionForeground,#656d76);font-size:11px;text-transform:uppercase;letter-spacing:.06em}
.cd .node rect.box{fill:var(--vscode-editor-background,#fff);stroke:var(--vscode-panel-border,#c9d1d9)}
.cd .node .kind{font-weight:600;fill:var(--vscode-foreground,#1f2328)}
.cd .node .detail{fill:var(--vscode-descriptionForeground,#656d76);font-size:11px}
.cd .node .accent{fill:var(--vscode-charts-foreground,#8c959f)}
.cd .node.c-endpoint .accent{fill:var(--vscode-charts-blue,#0969da)}
.cd .node.c-branch .accent{fill:var(--vscode-charts-purple,#8250df)}
.cd .node.c-transform .accent{fill:var(--vscode-charts-orange,#bc4c00)}
.cd .node.c-data .accent{fill:var(--vscode-charts-green,#1a7f37)}
.cd .node.c-log .accent{fill:var(--vscode-charts-yellow,#9a6700)}
.cd .node.c-store .accent,.cd .node.ref-store .accent{fill:var(--vscode-charts-green,#1a7f37)}
.cd .node.c-sequence .accent{fill:var(--vscode-charts-blue,#0969da)}
.cd .node.c-end .accent{fill:var(--vscode-charts-red,#cf222e)}
.cd .node.unknown rect.box{stroke-dasharray:4 3}
.cd .node.step{cursor:pointer}
.cd .node.step:hover rect.box{stroke:var(--vscode-focusBorder,#0969da)}
.cd .node.selected rect.box{stroke:var(--vscode-focusBorder,#0969da);stroke-width:2.5}
.cd .node.ref rect.box{fill:var(--vscode-sideBar-background,#f6f8fa);rx:17}
.cd .node.start rect.box{fill:var(--vscode-badge-background,#656d76);stroke:none}
.cd .node.start .kind{fill:var(--vscode-badge-foreground,#fff);font-weight:500;font-size:11px}
.cd .node.empty .detail{font-style:italic}
.cd .join{fill:var(--vscode-descriptionForeground,#8c959f)}
.cd .edge{fill:none;stroke:var(--vscode-descriptionForeground,#8c959f);stroke-width:1.3}
.cd .edge.ref{stroke-dasharray:4 3;stroke-width:1}
.cd .edge-label rect{fill:var(--vscode-editor-background,#fff)}
.cd .edge-label text{fill:var(--vscode-textLink-foreground,#0969da);font-size:11px}
`;

const r = (n: number) => Math.round(n * 10) / 10;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function nodeSvg(n: LaidNode): string {
  if (n.shape === 'join') return `<circle class="join" cx="${r(n.x + n.width / 2)}" cy="${r(n.y + n.height / 2)}" r="${r(n.width / 2)}"/>`;
  const classes = ['node', n.shape];
  if (n.shape === 'step') classes.push(`c-${CATEGORY[n.kind] ?? 'other'}`);
  if (n.shape === 'ref') classes.push(`ref-${n.kind}`);
  if (n.unknown) classes.push('unknown');
  const data = n.range ? ` data-id="${escapeAttr(n.id)}" data-start="${n.range.start.offset}" data-end="${n.range.end.offset}" data-line="${n.range.start.line + 1}"` : '';
  const full = [n.label, n.description, n.detail].filter(Boolean).join('\n');
  const parts = [`<g class="${classes.join(' ')}"${data}><title>${escapeText(full)}</title>`];
  const radius = n.shape === 'ref' ? n.height / 2 : n.shape === 'start' ? n.height / 2 : 6;
  parts.push(`<rect class="box" x="${r(n.x)}" y="${r(n.y)}" width="${r(n.width)}" height="${r(n.height)}" rx="${r(radius)}"/>`);
  if (n.shape === 'start') {
    parts.push(`<text class="kind" x="${r(n.x + n.width / 2)}" y="${r(n.y + n.height / 2 + 4)}" text-anchor="middle">${escapeText(n.label)}</text>`);
  } else if (n.shape === 'empty') {
    parts.push(`<text class="detail" x="${r(n.x + n.width / 2)}" y="${r(n.y + n.height / 2 + 4)}" text-anchor="middle">${escapeText(n.label)}</text>`);
  } else {
    const inset = n.shape === 'ref' ? 14 : 12;
    if (n.shape === 'step') parts.push(`<rect class="accent" x="${r(n.x)}" y="${r(n.y)}" width="5" height="${r(n.height)}" rx="2"/>`);
    else parts.push(`<circle class="accent" cx="${r(n.x + 12)}" cy="${r(n.y + n.height / 2)}" r="4"/>`);
    const x = n.x + inset + (n.shape === 'ref' ? 6 : 0);
    const chars = Math.floor((n.width - inset - 10) / 6.4);
    const title = n.shape === 'step' && n.description ? `${n.label} · ${n.description}` : n.label;
    parts.push(`<text class="kind" x="${r(x)}" y="${r(n.y + (n.shape === 'ref' ? 14 : 19))}">${escapeText(clip(title, chars))}</text>`);
    if (n.detail) parts.push(`<text class="detail" x="${r(x)}" y="${r(n.y + (n.shape === 'ref' ? 27 : 35))}">${escapeText(clip(n.detail, chars + 2))}</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

function edgeSvg(e: LaidEdge): string {
  const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)} ${r(p.y)}`).join('');
  let s = `<path class="edge${e.reference ? ' ref' : ''}" d="${d}"${e.reference ? '' : ' marker-end="url(#cd-arrow)"'}/>`;
  if (e.label) {
    const l = e.label;
    s += `<g class="edge-label"><rect x="${r(l.x)}" y="${r(l.y)}" width="${r(l.width)}" height="${r(l.height)}" rx="3"/><text x="${r(l.x + 4)}" y="${r(l.y + 12)}">${escapeText(l.text)}</text></g>`;
  }
  return s;
}

/** The whole picture as one standalone SVG document. */
export function diagramSvg(layout: DiagramLayout): string {
  const out: string[] = [];
  const w = Math.ceil(layout.width);
  const h = Math.ceil(layout.height);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="cd" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`);
  out.push(`<style>${STYLE}</style>`);
  out.push('<defs><marker id="cd-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 1L9 5L0 9z" style="fill:var(--vscode-descriptionForeground,#8c959f)"/></marker></defs>');
  for (const f of layout.flows) {
    out.push(`<g class="flow-group" data-flow="${escapeAttr(f.id)}" data-start="${f.range.start.offset}" data-end="${f.range.end.offset}">`);
    out.push(`<rect class="flow" x="${r(f.x)}" y="${r(f.y)}" width="${r(f.width)}" height="${r(f.height)}" rx="8"/>`);
    out.push(`<text class="flow-kind" x="${r(f.x + 16)}" y="${r(f.y + 16)}">${escapeText(f.kind)}</text>`);
    out.push(`<text class="flow-title" x="${r(f.x + 16)}" y="${r(f.y + 33)}">${escapeText(f.title)}</text>`);
    for (const s of f.sections) {
      out.push(`<rect class="section ${s.role}" x="${r(s.x)}" y="${r(s.y)}" width="${r(s.width)}" height="${r(s.height)}" rx="6"/>`);
      out.push(`<text class="section-title" x="${r(s.x + 10)}" y="${r(s.y + 18)}">${escapeText(s.title)}</text>`);
    }
    out.push('</g>');
  }
  for (const e of layout.edges) out.push(edgeSvg(e));
  for (const n of layout.nodes) out.push(nodeSvg(n));
  out.push('</svg>');
  return out.join('\n');
}
