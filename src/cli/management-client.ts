/**
 * The CLI's side of the management API: finds the `.conduit/management.json` a running runtime wrote
 * for a project (in the given folder or the nearest one above it, as the runtime writes it at the
 * project root) and sends it authenticated requests.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConduitError } from '../model/errors';
import { managementFile, readManagementFile, type ManagementInfo } from '../model/management-file';

export interface ManagementConnection {
  info: ManagementInfo;
  file: string;
}

/** The management file of the runtime running `path` (a project folder, a folder inside it, or a .car). */
export async function locateManagement(path: string): Promise<ManagementConnection> {
  const start = resolve(path);
  let dir = existsSync(start) && statSync(start).isFile() ? dirname(start) : start;
  for (;;) {
    const file = managementFile(dir);
    if (existsSync(file)) {
      const info = await readManagementFile(dir);
      if (!info || typeof info.url !== 'string' || typeof info.token !== 'string') {
        throw new ConduitError('CONDUIT_MANAGEMENT_UNAVAILABLE', `${file} cannot be read; restart the runtime to write it again`);
      }
      return { info, file };
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new ConduitError('CONDUIT_MANAGEMENT_UNAVAILABLE', `no running Conduit runtime found for ${start} (no .conduit/management.json there or above); start one with conduit run`);
}

/** Sends one request; resolves with the parsed JSON answer, rejects with a ConduitError on any failure. */
export async function manage<T>(conn: ManagementConnection, method: string, path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(conn.info.url + path, { method, headers: { Authorization: `Bearer ${conn.info.token}` } });
  } catch (err) {
    // a runtime killed without stopping leaves its file behind
    const why = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
    throw new ConduitError(
      'CONDUIT_MANAGEMENT_UNAVAILABLE',
      `the runtime that wrote ${conn.file} (pid ${conn.info.pid}) does not answer at ${conn.info.url} (${why}); is it still running?`,
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const b = (body ?? {}) as { code?: string; message?: string };
    const message = `${method} ${path} answered ${res.status}: ${b.message ?? text}`;
    if (b.code === 'CONDUIT_MANAGEMENT_UNAUTHORIZED' || b.code === 'CONDUIT_STORE_UNAVAILABLE') throw new ConduitError(b.code, message);
    throw new Error(message);
  }
  return body as T;
}

/** Left-aligned columns, for the CLI's tables. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}
