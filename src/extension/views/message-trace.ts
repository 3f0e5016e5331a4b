/**
 * The "Message Trace" view: the last requests the runtime Export and Run started has traced
 * (`conduit.runtime.trace`), each with the mediators that ran and what each changed. A click on a step
 * opens its mediator's line. Read from the runtime's management API (`GET /traces`, `/traces/:id`).
 */
import * as vscode from 'vscode';
import type { RuntimeSession } from '../tasks/runtime-session';

interface TraceRow {
  id: number;
  name: string;
  started: string;
  steps: number;
}

interface Snapshot {
  payload: { kind: string; text: string };
  properties: Record<string, string>;
  variables: Record<string, string>;
  headers: Record<string, string>;
}

interface Step {
  mediator: string;
  file: string;
  line: number;
  depth: number;
  before: Snapshot;
  after?: Snapshot;
  ms?: number;
  error?: string;
}

export type TraceNode = { kind: 'trace'; row: TraceRow } | { kind: 'step'; step: Step; index: number };

/** What a step changed, in a few words: `payload, property shelf, header Content-Type`. */
export function changesOf(step: Step): string[] {
  const after = step.after;
  if (!after) return [];
  const out: string[] = [];
  if (after.payload.text !== step.before.payload.text) out.push('payload');
  const diff = (label: string, a: Record<string, string>, b: Record<string, string>) => {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (a[k] !== b[k]) out.push(`${label} ${k}`);
  };
  diff('property', step.before.properties, after.properties);
  diff('variable', step.before.variables, after.variables);
  diff('header', step.before.headers, after.headers);
  return out;
}

export class MessageTraceView implements vscode.TreeDataProvider<TraceNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly steps = new Map<number, Step[]>();

  constructor(private readonly runtime: RuntimeSession) {}

  refresh(): void {
    this.steps.clear();
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }


  async getChildren(node?: TraceNode): Promise<TraceNode[]> {
    if (!node) {
      const rows = (await this.runtime.managementGet<TraceRow[]>('/traces')) ?? [];
      return rows.reverse().map((row) => ({ kind: 'trace', row }));
    }
    if (node.kind === 'step') return [];
    let steps = this.steps.get(node.row.id);
    if (!steps) {
      steps = (await this.runtime.managementGet<{ steps: Step[] }>(`/traces/${node.row.id}`))?.steps ?? [];
      this.steps.set(node.row.id, steps);
    }
    return steps.map((step, index) => ({ kind: 'step', step, index }));
  }

  getTreeItem(node: TraceNode): vscode.TreeItem {
    if (node.kind === 'trace') {
      const item = new vscode.TreeItem(node.row.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${new Date(node.row.started).toLocaleTimeString()} · ${node.row.steps} mediators`;
      item.contextValue = 'trace';
      return item;
    }
    const { step } = node;
    const item = new vscode.TreeItem(`${'  '.repeat(Math.max(0, step.depth - 1))}${step.mediator}`, vscode.TreeItemCollapsibleState.None);
    const changes = changesOf(step);
    item.description = [step.ms === undefined ? '' : `${step.ms} ms`, step.error ? `fault: ${step.error}` : changes.join(', ')].filter(Boolean).join(' · ');
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${step.mediator}** at line ${step.line}\n\n`);
    tip.appendMarkdown('Payload before:\n');
    tip.appendCodeblock(step.before.payload.text.slice(0, 2000), step.before.payload.kind);
    if (step.after) {
      tip.appendMarkdown('Payload after:\n');
      tip.appendCodeblock(step.after.payload.text.slice(0, 2000), step.after.payload.kind);
    }
    item.tooltip = tip;
    item.contextValue = 'traceStep';
    const line = Math.max(0, step.line - 1);
    item.command = { command: 'vscode.open', title: 'Open Mediator', arguments: [vscode.Uri.file(step.file), { selection: new vscode.Range(line, 0, line, 0) }] };
    return item;
  }
}
