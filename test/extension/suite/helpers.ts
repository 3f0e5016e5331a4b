import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createHospitalService, type HospitalService } from '../../../samples/hospital-service/hospital-service';
import type { ConduitApi } from '../../../src/extension/api';
import { after } from './harness';

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
 * localhost:9090, or pointed elsewhere by an earlier test) call the back end on `backendPort`, and the runtime listens on `port` with the embedded broker.
 */
export async function prepareRun(backendPort: number, port: number): Promise<void> {
  const endpoints = path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/endpoints');
  for (const f of readdirSync(endpoints)) {
    const file = path.join(endpoints, f);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/localhost:\d+/g, `localhost:${backendPort}`));
  }
  const cfg = vscode.workspace.getConfiguration('conduit');
  await cfg.update('runtime.port', port, vscode.ConfigurationTarget.Workspace);
  await cfg.update('runtime.embeddedBroker', true, vscode.ConfigurationTarget.Workspace);
}

/** A port free on 127.0.0.1 a moment ago, for a server the test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The tutorial's back end on a free port, and the workspace readied (`prepareRun`) for a runtime on another
 * free port. The runtime and the back end are stopped after the last test.
 */
export async function tutorialBackEnd(): Promise<{ hospital: HospitalService; port: number }> {
  const hospital = await createHospitalService({ port: 0 });
  after(async () => {
    await vscode.commands.executeCommand('conduit.stop');
    await hospital.close();
  });
  const port = await freePort();
  await prepareRun(hospital.port, port);
  return { hospital, port };
}
