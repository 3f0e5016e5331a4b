/**
 * Lays the flows of an artifact out as a picture: ELK's layered algorithm places each section's
 * mediators top to bottom with their branches side by side. ELK was chosen over dagre because it keeps
 * branches in the order they are written (then before else, cases in order) when they nest, which
 * dagre's crossing reduction reorders; both lay out a 300-mediator sequence in a few hundred ms.
 * Endpoints, stores and the sequences a step names are placed in a column at the right of their
 * section, level with their first user; sections of one flow stand side by side, the fault section
 * last, and flows are stacked.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Range } from '../xml';
import type { Flow, FlowRef, FlowSection, FlowStep } from './flow';

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

export type NodeShape = 'step' | 'start' | 'join' | 'ref' | 'empty';

export interface LaidNode extends Box {
  /** The step's id (from its source position) for steps; derived ids for the rest. */
  id: string;
  shape: NodeShape;
  /** The mediator's element name for steps; the ref's kind for refs. */
  kind: string;
  label: string;
  detail: string;
  description?: string;
  range?: Range;
  unknown?: boolean;
}

export interface LaidEdge {
  id: string;
  points: Point[];
  label?: Box & { text: string };
  /** A step's use of an endpoint, store or sequence, not a step of the flow. */
  reference?: boolean;
}

export interface LaidSection extends Box {
  role: FlowSection['role'];
  title: string;
}

export interface LaidFlow extends Box {
  id: string;
  kind: Flow['kind'];
  title: string;
  range: Range;
  sections: LaidSection[];
}

export interface DiagramLayout {
  width: number;
  height: number;
  flows: LaidFlow[];
  nodes: LaidNode[];
  edges: LaidEdge[];
}

export const STEP_WIDTH = 230;
export const STEP_HEIGHT = 46;
const REF_WIDTH = 190;
const REF_HEIGHT = 34;
const JOIN_SIZE = 10;
const GAP = 40;
const SECTION_HEADER = 30;
const FLOW_HEADER = 40;
const PAD = 20;
const LABEL_CHAR_WIDTH = 6.2;
const LABEL_HEIGHT = 16;
const LABEL_MAX_CHARS = 28;

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '26',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.edgeLabels.placement': 'CENTER',
};

let elk: InstanceType<typeof ELK> | undefined;

const SECTION_TITLES: Record<FlowSection['role'], string> = { main: 'sequence', in: 'in sequence', out: 'out sequence', fault: 'fault sequence' };

/** Lays out flows. Deterministic: the same flows give the same layout. */
export async function layoutFlows(flows: Flow[]): Promise<DiagramLayout> {
  elk ??= new ELK();
  const out: DiagramLayout = { width: 0, height: 0, flows: [], nodes: [], edges: [] };
  let y = PAD;
  for (const flow of flows) {
    const laidFlow: LaidFlow = { id: flow.id, kind: flow.kind, title: flow.title, range: flow.range, x: PAD, y, width: 0, height: 0, sections: [] };
    let x = PAD + PAD;
    let bottom = y + FLOW_HEADER;
    const sections = [...flow.sections.filter((s) => s.role !== 'fault'), ...flow.sections.filter((s) => s.role === 'fault')];
    for (const section of sections) {
      const graph = sectionGraph(flow, section);
      const laid = await elk.layout(graph.root);
      const top = y + FLOW_HEADER + SECTION_HEADER;
      const placed = place(laid, graph, x, top);
      out.nodes.push(...placed.nodes);
      out.edges.push(...placed.edges);
      const width = Math.max(placed.width, STEP_WIDTH);
      laidFlow.sections.push({ role: section.role, title: SECTION_TITLES[section.role], x: x - PAD / 2, y: y + FLOW_HEADER, width: width + PAD, height: placed.height + SECTION_HEADER + PAD / 2 });
      bottom = Math.max(bottom, top + placed.height + PAD / 2);
      x += width + PAD + GAP;
    }
    laidFlow.width = Math.max(x - GAP - PAD / 2, 320) - PAD + PAD / 2;
    laidFlow.height = bottom - y + PAD;
    for (const s of laidFlow.sections) s.height = bottom - s.y;
    out.flows.push(laidFlow);
    out.width = Math.max(out.width, laidFlow.x + laidFlow.width + PAD);
    y = bottom + PAD + GAP;
  }
  out.height = y - GAP;
  return out;
}

interface SectionGraph {
  root: ElkNode;
  info: Map<string, Omit<LaidNode, keyof Box>>;
  /** Which steps use which refs, in the order they appear. */
  uses: Array<{ stepId: string; ref: FlowRef }>;
  labels: Map<string, string>;
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function sectionGraph(flow: Flow, section: FlowSection): SectionGraph {
  const children: ElkNode[] = [];
  const edges: ElkExtendedEdge[] = [];
  const info = new Map<string, Omit<LaidNode, keyof Box>>();
  const uses: Array<{ stepId: string; ref: FlowRef }> = [];
  const labels = new Map<string, string>();
  const base = `${flow.id}:${section.role}`;
  const startId = `${base}:start`;
  const node = (id: string, width: number, height: number, data: Omit<LaidNode, keyof Box>) => {
    children.push({ id, width, height });
    info.set(id, data);
  };
  const edge = (from: string, to: string, label?: string) => {
    const id = `${from}->${to}#${edges.length}`;
    const e: ElkExtendedEdge = { id, sources: [from], targets: [to] };
    if (label) {
      const text = truncate(label, LABEL_MAX_CHARS);
      e.labels = [{ id: `${id}:label`, text, width: text.length * LABEL_CHAR_WIDTH + 8, height: LABEL_HEIGHT }];
      labels.set(id, text);
    }
    edges.push(e);
  };
  node(startId, 120, 26, { id: startId, shape: 'start', kind: section.role, label: SECTION_TITLES[section.role], detail: '' });
  if (section.sequenceKey) {
    const id = `${base}:key`;
    node(id, STEP_WIDTH, STEP_HEIGHT, { id, shape: 'step', kind: 'sequence', label: 'sequence', detail: section.sequenceKey });
    edge(startId, id);
    uses.push({ stepId: id, ref: { kind: 'sequence', name: section.sequenceKey } });
  } else if (section.steps.length === 0) {
    const id = `${base}:empty`;
    node(id, STEP_WIDTH, 30, { id, shape: 'empty', kind: 'empty', label: 'no mediators', detail: '' });
    edge(startId, id);
  }
  let joins = 0;
  const chain = (steps: FlowStep[], from: string, firstLabel: string | undefined): string => {
    let prev = from;
    let label = firstLabel;
    for (const step of steps) {
      const data: Omit<LaidNode, keyof Box> = { id: step.id, shape: 'step', kind: step.kind, label: step.kind, detail: step.detail, range: step.range };
      if (step.description) data.description = step.description;
      if (step.unknown) data.unknown = true;
      node(step.id, STEP_WIDTH, STEP_HEIGHT, data);
      edge(prev, step.id, label);
      label = undefined;
      for (const ref of step.refs) uses.push({ stepId: step.id, ref });
      prev = step.id;
      if (step.branches.length > 0) {
        const join = `${step.id}:join${joins++}`;
        node(join, JOIN_SIZE, JOIN_SIZE, { id: join, shape: 'join', kind: 'join', label: '', detail: '' });
        for (const branch of step.branches) {
          const branchLabel = branch.sequenceKey ? `${branch.label} → ${branch.sequenceKey}` : branch.label;
          const end = chain(branch.steps, step.id, branchLabel);
          edge(end, join, end === step.id ? branchLabel : undefined);
          if (branch.sequenceKey) uses.push({ stepId: step.id, ref: { kind: 'sequence', name: branch.sequenceKey } });
        }
        prev = join;
      }
    }
    return prev;
  };
  // Recursion here is as deep as branches nest; ELK's own layering recurses on the same graph.
  chain(section.steps, startId, undefined);
  if (section.role === 'in' || section.role === 'main') for (const ref of flow.refs) uses.push({ stepId: startId, ref });
  return { root: { id: base, layoutOptions: LAYOUT_OPTIONS, children, edges }, info, uses, labels };
}

function place(laid: ElkNode, graph: SectionGraph, dx: number, dy: number): { nodes: LaidNode[]; edges: LaidEdge[]; width: number; height: number } {
  const nodes: LaidNode[] = [];
  const edges: LaidEdge[] = [];
  const byId = new Map<string, LaidNode>();
  let width = laid.width ?? 0;
  for (const c of laid.children ?? []) {
    const n: LaidNode = { ...graph.info.get(c.id)!, x: dx + (c.x ?? 0), y: dy + (c.y ?? 0), width: c.width ?? 0, height: c.height ?? 0 };
    nodes.push(n);
    byId.set(n.id, n);
  }
  for (const e of laid.edges ?? []) {
    const points: Point[] = [];
    for (const s of e.sections ?? []) {
      points.push({ x: dx + s.startPoint.x, y: dy + s.startPoint.y });
      for (const b of s.bendPoints ?? []) points.push({ x: dx + b.x, y: dy + b.y });
      points.push({ x: dx + s.endPoint.x, y: dy + s.endPoint.y });
    }
    const edge: LaidEdge = { id: e.id, points };
    const l = e.labels?.[0];
    if (l) edge.label = { text: l.text ?? '', x: dx + (l.x ?? 0), y: dy + (l.y ?? 0), width: l.width ?? 0, height: l.height ?? 0 };
    edges.push(edge);
  }
  // References: one node per named thing, in a column to the right, level with its first user.
  const stepsRight = dx + width;
  const column = stepsRight + GAP;
  let nextFree = dy;
  const refNodes = new Map<string, LaidNode>();
  for (const { stepId, ref } of graph.uses) {
    const user = byId.get(stepId);
    if (!user) continue;
    const key = `${ref.kind}:${ref.name}`;
    let refNode = refNodes.get(key);
    if (!refNode) {
      const y = Math.max(user.y + (user.height - REF_HEIGHT) / 2, nextFree);
      const id = `${laid.id}:ref:${key}`;
      refNode = { id, shape: 'ref', kind: ref.kind, label: ref.kind, detail: ref.name, x: column, y, width: REF_WIDTH, height: REF_HEIGHT };
      nextFree = y + REF_HEIGHT + 10;
      refNodes.set(key, refNode);
      nodes.push(refNode);
    }
    const from = { x: user.x + user.width, y: user.y + user.height / 2 };
    const to = { x: refNode.x, y: refNode.y + refNode.height / 2 };
    const midX = Math.max(from.x + 12, stepsRight + GAP / 2);
    edges.push({ id: `${stepId}=>${refNode.id}`, points: [from, { x: midX, y: from.y }, { x: midX, y: to.y }, to], reference: true });
  }
  if (refNodes.size > 0) width = column - dx + REF_WIDTH;
  const height = Math.max(laid.height ?? 0, nextFree - dy);
  return { nodes, edges, width, height };
}
