/**
 * Writes a built artifact into the project folder its kind belongs in (MI layout: src/main/wso2mi/artifacts/
 * <kind folder>/; Integration Studio: the ESB Configs module's src/main/synapse-config/<kind folder>/) and
 * opens it with the cursor on the artifact's name.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { artifactText } from '../../model/builders/synapse-element';
import { kindInfo } from '../../model/kinds';
import { IS_SYNAPSE_CONFIG_DIR, MI_ARTIFACTS_DIR } from '../../model/project';
import type { ArtifactKind, Project } from '../../model/types';
import type { XmlElement } from '../../model/xml';

export async function artifactFolder(project: Pick<Project, 'root' | 'layout'>, kind: ArtifactKind): Promise<string> {
  const info = kindInfo(kind);
  if (project.layout === 'mi') return path.join(project.root, MI_ARTIFACTS_DIR, info.miFolder);
  if (project.layout === 'car') throw new Error('A .car archive is read-only; open its project to add artifacts.');
  // Integration Studio: the single-module project itself, or its first ESB Configs module.
  if (existsSync(path.join(project.root, IS_SYNAPSE_CONFIG_DIR))) return path.join(project.root, IS_SYNAPSE_CONFIG_DIR, info.isFolder);
  for (const entry of (await readdir(project.root, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const candidate = path.join(project.root, entry.name, IS_SYNAPSE_CONFIG_DIR);
    if (entry.isDirectory() && existsSync(candidate)) return path.join(candidate, info.isFolder);
  }
  throw new Error(`No ${IS_SYNAPSE_CONFIG_DIR} folder in ${project.root}`);
}

/** Writes `<name>.xml`; refuses to overwrite an existing file. Returns the file's path. */
export async function saveArtifact(project: Pick<Project, 'root' | 'layout'>, kind: ArtifactKind, name: string, root: XmlElement): Promise<string> {
  const folder = await artifactFolder(project, kind);
  const file = path.join(folder, `${name}.xml`);
  if (existsSync(file)) throw new Error(`${path.relative(project.root, file)} already exists`);
  await mkdir(folder, { recursive: true });
  await writeFile(file, artifactText(root), { flag: 'wx' });
  return file;
}

/** Opens a file with the cursor at the start of the artifact's name (`name=` or, for local entries, `key=`). */
export async function openAtName(file: string, name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const text = doc.getText();
  let at = -1;
  for (const attr of ['name', 'key']) {
    const m = new RegExp(`\\b${attr}\\s*=\\s*["']${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`).exec(text);
    if (m) {
      at = m.index + m[0].indexOf(name, attr.length);
      break;
    }
  }
  // A collapsed cursor, not a selection: keys pressed while the wizard closes must not replace the name.
  const pos = doc.positionAt(Math.max(0, at));
  return vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: false });
}
