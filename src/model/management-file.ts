/**
 * `.conduit/management.json` tells local tools (the CLI, the extension) where the management API
 * listens and its token. Only the owner may read it. The runtime writes it; the tools read it, so it
 * sits below both.
 */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ManagementInfo {
  url: string;
  port: number;
  token: string;
  pid: number;
}

/** Path of the file for a project folder. */
export function managementFile(projectDir: string): string {
  return join(projectDir, '.conduit', 'management.json');
}

/** Writes the file with mode 0600 (re-applied when it existed with looser permissions). */
export async function writeManagementFile(projectDir: string, info: ManagementInfo): Promise<string> {
  const file = managementFile(projectDir);
  await mkdir(join(projectDir, '.conduit'), { recursive: true });
  await writeFile(file, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** Reads the file; undefined when there is none (no runtime running for the project). */
export async function readManagementFile(projectDir: string): Promise<ManagementInfo | undefined> {
  try {
    return JSON.parse(await readFile(managementFile(projectDir), 'utf8')) as ManagementInfo;
  } catch {
    return undefined;
  }
}

/** Removes the file when the runtime that wrote it stops. */
export async function removeManagementFile(projectDir: string): Promise<void> {
  await rm(managementFile(projectDir), { force: true });
}
