/**
 * The Project Explorer: project → one group per artifact kind → artifacts (APIs → resources), plus the
 * registry resources. Items carry a `contextValue` that package.json's `view/item/context` menus match.
 */
import * as vscode from 'vscode';
import { messageProcessorType } from '../../model/builders/message-processor';
import { messageStoreType } from '../../model/builders/message-store';
import { ARTIFACT_KINDS } from '../../model/kinds';
import { apiView, localEntryView, messageProcessorView, messageStoreView, taskView, templateView } from '../../model/views';
import type { Artifact, ArtifactKind, Project, RefusedArtifact, RegistryResource } from '../../model/types';
import type { Ctx } from '../ctx';

/** Groups shown, in the order a reader meets them in the tutorial (not the deployment order). */
const GROUPS: ReadonlyArray<{ kind: ArtifactKind; icon: string }> = [
  { kind: 'api', icon: 'api' },
  { kind: 'endpoint', icon: 'endpoint' },
  { kind: 'sequence', icon: 'sequence' },
  { kind: 'messageStore', icon: 'message-store' },
  { kind: 'messageProcessor', icon: 'message-processor' },
  { kind: 'localEntry', icon: 'local-entry' },
  { kind: 'template', icon: 'template' },
  { kind: 'task', icon: 'task' },
  { kind: 'proxy', icon: 'proxy' },
];

const LOCAL_ENTRY_LABELS: Record<string, string> = { text: 'Text', xml: 'XML', src: 'Source URL' };

export type ExplorerNode =
  | { type: 'project'; project: Project }
  | { type: 'group'; kind: ArtifactKind; label: string; icon: string; artifacts: Artifact[] }
  | { type: 'artifact'; artifact: Artifact; icon: string }
  | { type: 'resource'; artifact: Artifact; index: number; methods: string[]; path: string }
  | { type: 'registry'; resources: RegistryResource[] }
  | { type: 'registryResource'; resource: RegistryResource };

export class ProjectExplorer implements vscode.TreeDataProvider<ExplorerNode> {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly ctx: Ctx,
    /** Why the running runtime refused an artifact, if it did: the tree marks it. */
    private readonly refusal: (kind: ArtifactKind, name: string) => RefusedArtifact | undefined = () => undefined,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  getChildren(node?: ExplorerNode): ExplorerNode[] {
    const project = this.ctx.project;
    if (!project) return [];
    if (!node) return [{ type: 'project', project }];
    switch (node.type) {
      case 'project': {
        const groups: ExplorerNode[] = GROUPS.map((g) => ({
          type: 'group',
          kind: g.kind,
          icon: g.icon,
          label: ARTIFACT_KINDS.find((k) => k.kind === g.kind)?.label ?? g.kind,
          artifacts: project.artifacts.filter((a) => a.kind === g.kind).sort((a, b) => a.name.localeCompare(b.name)),
        }));
        groups.push({ type: 'registry', resources: [...project.registry.values()].sort((a, b) => a.path.localeCompare(b.path)) });
        return groups;
      }
      case 'group':
        return node.artifacts.map((artifact) => ({ type: 'artifact', artifact, icon: node.icon }));
      case 'artifact': {
        if (node.artifact.kind !== 'api') return [];
        return apiView(node.artifact).resources.map((r, index) => ({
          type: 'resource',
          artifact: node.artifact,
          index,
          methods: r.methods,
          path: r.uriTemplate?.value ?? r.urlMapping?.value ?? '/*',
        }));
      }
      case 'registry':
        return node.resources.map((resource) => ({ type: 'registryResource', resource }));
      default:
        return [];
    }
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const icon = (name: string) => vscode.Uri.file(this.ctx.asAbsolutePath(`media/${name}.svg`));
    switch (node.type) {
      case 'project': {
        const item = new vscode.TreeItem(node.project.name, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.project.version} · ${node.project.layout === 'mi' ? 'MI' : node.project.layout === 'car' ? 'CAR' : 'Integration Studio'}`;
        item.iconPath = icon('project');
        item.contextValue = 'project';
        item.tooltip = node.project.root;
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(
          node.label,
          node.artifacts.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
        );
        item.description = String(node.artifacts.length);
        item.iconPath = vscode.ThemeIcon.Folder;
        item.contextValue = `group-${node.kind}`;
        // VS Code keeps the collapsed look of an id it has shown without children, so a group that gets its
        // first artifact (say from a wizard) takes a new id and opens to show it.
        item.id = `group:${node.kind}${node.artifacts.length ? '' : ':empty'}`;
        return item;
      }
      case 'artifact': {
        const a = node.artifact;
        const item = new vscode.TreeItem(
          a.name,
          a.kind === 'api' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `artifact:${a.kind}:${a.name}:${a.file}`;
        item.iconPath = icon(node.icon);
        item.description = describe(a);
        item.tooltip = new vscode.MarkdownString(`**${a.name}**\n\n${a.file}`);
        const refused = this.refusal(a.kind, a.name);
        if (refused) {
          item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
          item.description = 'not running';
          item.tooltip = new vscode.MarkdownString();
          item.tooltip.appendMarkdown(`**${a.name}** is not running: the runtime refused it\n\n`);
          item.tooltip.appendText(`${refused.code} ${refused.message}`);
          item.tooltip.appendMarkdown(`\n\n${a.file}${refused.line ? `:${refused.line}` : ''}`);
        }
        item.resourceUri = vscode.Uri.file(a.file);
        item.contextValue = `artifact-${a.kind}`;
        item.command = { command: 'conduit.openArtifact', title: 'Open', arguments: [node] };
        return item;
      }
      case 'resource': {
        const item = new vscode.TreeItem(node.path, vscode.TreeItemCollapsibleState.None);
        item.id = `resource:${node.artifact.file}:${node.index}`;
        item.description = node.methods.length ? node.methods.join(' ') : 'any method';
        item.iconPath = icon('resource');
        item.contextValue = 'apiResource';
        item.command = { command: 'conduit.openArtifact', title: 'Open', arguments: [node] };
        return item;
      }
      case 'registry': {
        const item = new vscode.TreeItem(
          'Registry Resources',
          node.resources.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.description = String(node.resources.length);
        item.iconPath = vscode.ThemeIcon.Folder;
        item.contextValue = 'group-registry';
        item.id = 'group:registry';
        return item;
      }
      case 'registryResource': {
        const r = node.resource;
        const item = new vscode.TreeItem(r.path.split('/').pop() ?? r.path, vscode.TreeItemCollapsibleState.None);
        item.description = r.path.replace(/\/[^/]*$/, '');
        item.iconPath = icon('registry');
        item.contextValue = 'registryResource';
        item.resourceUri = vscode.Uri.file(r.file);
        if (!r.file.includes('!/')) item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(r.file)] };
        return item;
      }
    }
  }
}

function describe(a: Artifact): string | undefined {
  switch (a.kind) {
    case 'messageStore':
      return messageStoreType(messageStoreView(a).type).label;
    case 'messageProcessor': {
      const v = messageProcessorView(a);
      return `${messageProcessorType(v.kind).shortLabel} · ${v.messageStore?.value ?? '?'}`;
    }
    case 'api':
      return apiView(a).context?.value;
    case 'localEntry':
      return LOCAL_ENTRY_LABELS[localEntryView(a).type];
    case 'template': {
      const v = templateView(a);
      return v.type === 'endpoint' ? 'Endpoint' : v.type === 'sequence' ? 'Sequence' : undefined;
    }
    case 'task': {
      const trigger = taskView(a).trigger;
      if (trigger?.cron) return `cron ${trigger.cron.value}`;
      return trigger?.interval ? `every ${trigger.interval.value} s${trigger.count ? ` × ${trigger.count.value}` : ''}` : 'once';
    }
    default:
      return undefined;
  }
}

/** The file and range a node points at: the artifact's name, or a resource's start tag. */
export function nodeLocation(node: ExplorerNode): { file: string; range: vscode.Range } | undefined {
  const toRange = (r: { start: { line: number; column: number }; end: { line: number; column: number } }) =>
    new vscode.Range(r.start.line, r.start.column, r.end.line, r.end.column);
  if (node.type === 'artifact') return { file: node.artifact.file, range: toRange(node.artifact.nameRange) };
  if (node.type === 'resource') {
    const r = apiView(node.artifact).resources[node.index];
    return { file: node.artifact.file, range: toRange(r?.element.nameRange ?? node.artifact.nameRange) };
  }
  return undefined;
}
