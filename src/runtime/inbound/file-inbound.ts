/**
 * MI's VFS inbound endpoint (FilePollingConsumer) for a local folder: every `intervalMs` it lists the
 * folder, and each file whose name matches runs through the inbound sequence with its content as the
 * body, then is moved or deleted. Polls never overlap and a file is done before the next one starts,
 * so no file is processed twice at once. A file whose flow failed goes to the failure folder, or stays
 * where it is and is not taken again until it changes: a fault never loses a file.
 */
import { mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileAction, FileInboundDefinition } from '../../model/inbound-definition';
import { inboundMessage } from './inbound-message';
import type { InboundEndpoint, MessageInboundHost } from './types';

const CATEGORY = 'FilePollingConsumer';

export class FileInboundEndpoint implements InboundEndpoint {
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private running = false;
  /** Files left in place after a failure, by path, with the modification time they failed at. */
  private readonly failed = new Map<string, number>();
  private folderMissing = false;

  constructor(
    readonly def: FileInboundDefinition,
    private readonly host: MessageInboundHost,
  ) {}

  get name(): string {
    return this.def.name;
  }

  get source(): string {
    return `${pathToFileURL(this.def.folder).href} every ${this.def.intervalMs} ms`;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for the file in hand to finish its flow and be moved or deleted. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        if (this.running) this.schedule(this.def.intervalMs);
      });
    }, delay);
  }

  private async poll(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.def.folder, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name).sort();
    } catch (err) {
      if (!this.folderMissing) {
        this.host.logger.log('ERROR', CATEGORY, `CONDUIT_INBOUND_UNAVAILABLE inbound endpoint ${this.name}: cannot read the folder ${this.def.folder} (${(err as Error).message}); polling goes on`);
      }
      this.folderMissing = true;
      return;
    }
    this.folderMissing = false;
    for (const name of names) {
      if (!this.running) return;
      if (this.def.fileNamePattern && !this.def.fileNamePattern.matches(name)) continue;
      await this.take(join(this.def.folder, name), name);
    }
  }

  private async take(path: string, name: string): Promise<void> {
    let content: Buffer;
    let modified: number;
    try {
      const s = await stat(path);
      modified = s.mtimeMs;
      if (this.failed.get(path) === modified) return;
      content = await readFile(path);
    } catch {
      return; // gone since the listing (another consumer took it)
    }
    this.failed.delete(path);
    const error = await this.mediate(path, name, content, modified);
    if (!error) return this.settle(path, name, this.def.afterProcess, 'processed');
    this.host.logger.log('WARN', CATEGORY, `inbound endpoint ${this.name}: the flow of file ${path} failed: ${error.message}`);
    if (this.def.afterFailure.action === 'keep') this.failed.set(path, modified);
    await this.settle(path, name, this.def.afterFailure, 'failed');
  }

  private async mediate(path: string, name: string, content: Buffer, modified: number): Promise<Error | undefined> {
    const contentType = this.def.contentType ?? byExtension(name);
    let msg;
    try {
      msg = inboundMessage(this.name, content, contentType, {
        FILE_NAME: name,
        FILE_PATH: path,
        FILE_URI: pathToFileURL(path).href,
        FILE_LENGTH: String(content.length),
        LAST_MODIFIED: String(Math.trunc(modified)),
      });
    } catch (err) {
      return new Error(`CONDUIT_REQUEST_MALFORMED the file does not parse as ${contentType}: ${(err as Error).message}`);
    }
    return this.host.inject(this.def, msg);
  }

  /** Moves or deletes the file; when that fails the file stays and is not taken again until it changes. */
  private async settle(path: string, name: string, what: FileAction, outcome: string): Promise<void> {
    try {
      if (what.action === 'delete') await unlink(path);
      else if (what.action === 'move') {
        await mkdir(what.folder, { recursive: true });
        await rename(path, join(what.folder, name));
      }
    } catch (err) {
      this.host.logger.log('ERROR', CATEGORY, `CONDUIT_INBOUND_UNAVAILABLE inbound endpoint ${this.name}: the ${outcome} file ${path} could not be ${what.action === 'move' ? `moved to ${what.folder}` : 'deleted'} (${(err as Error).message}); it stays and is not taken again until it changes`);
      const s = await stat(path).catch(() => undefined);
      if (s) this.failed.set(path, s.mtimeMs);
    }
  }
}

/** MI's VFS reading without transport.vfs.ContentType: XML for .xml, JSON for .json, text otherwise. */
function byExtension(name: string): string {
  const ext = extname(name).toLowerCase();
  if (ext === '.xml') return 'application/xml';
  if (ext === '.json') return 'application/json';
  return 'text/plain';
}
