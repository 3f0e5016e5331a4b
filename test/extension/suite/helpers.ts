import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConduitApi } from '../../../src/extension/api';

export const EXTENSION_ID = 'conduit-dev.conduit';

/** Activates the extension under test and returns it with its test-facing API. */
export async function extension(): Promise<vscode.Extension<ConduitApi>> {
  const ext = vscode.extensions.getExtension<ConduitApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  await ext.activate();
  return ext;
}

export async function api(): Promise<ConduitApi> {
  return (await extension()).exports;
}

export function workspaceRoot(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('no workspace folder');
  return f.uri.fsPath;
}

/** Polls until check returns a value (not a timed assertion: it only bounds how long a hung test waits). */
export async function until<T>(check: () => T | undefined | Promise<T | undefined>, what: string, limitMs = 30000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Readies the workspace (a copy of the tutorial project) for Export and Run: its endpoints (written for
 * localhost:9090) call the back end on `backendPort`, and the runtime listens on `port` with the embedded broker.
 */
export async function prepareRun(backendPort: number, port: number): Promise<void> {
  const endpoints = path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/endpoints');
  for (const f of readdirSync(endpoints)) {
    const file = path.join(endpoints, f);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/localhost:9090/g, `localhost:${backendPort}`));
  }
  const cfg = vscode.workspace.getConfiguration('conduit');
  await cfg.update('runtime.port', port, vscode.ConfigurationTarget.Workspace);
  await cfg.update('runtime.embeddedBroker', true, vscode.ConfigurationTarget.Workspace);
}
