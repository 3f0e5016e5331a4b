/**
 * Conduit's own durable store (`org.conduit.store.EmbeddedStore`) on LevelDB through classic-level.
 * Keys are a monotonic sequence, so iteration order is arrival order. store() resolves only after a
 * synced write; deliveries are tracked in memory only, so after a crash every unacknowledged message
 * is still in the database and is delivered again.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClassicLevel } from 'classic-level';
import { ConduitError } from '../../model/errors';
import type { Delivery, MessageConsumer, MessageStore, StoredMessage, StoreKind } from './types';


const PREFIX = 'm!';
const KEY_WIDTH = 16;

function keyOf(seq: number): string {
  return PREFIX + String(seq).padStart(KEY_WIDTH, '0');
}

/** A store name made safe as one folder name on every platform, still readable for plain names. */
export function storeFolderName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export interface EmbeddedStoreOptions {
  /** Folder holding one sub-folder per store (the runtime passes `<project>/.conduit/stores`). */
  dataDir: string;
}

export class EmbeddedStore implements MessageStore {
  readonly kind: StoreKind = 'embedded';
  /** Folder of this store's LevelDB database. */
  readonly location: string;
  private db?: ClassicLevel<string, StoredMessage>;
  private nextSeq = 0;
  private count = 0;
  private readonly inFlight = new Set<string>();
  private readonly deliveredBefore = new Set<string>();
  /** Bumped by purge so deliveries handed out before it cannot change the count. */
  private generation = 0;
  /**
   * Every key below this one is handed out or deleted, so receive() starts here instead of walking
   * over acknowledged (deleted) entries from the start; a returned message moves it back.
   */
  private scanFrom = PREFIX;

  constructor(
    readonly name: string,
    options: EmbeddedStoreOptions,
  ) {
    this.location = join(options.dataDir, storeFolderName(name));
  }

  async open(): Promise<void> {
    if (this.db) return;
    try {
      await mkdir(this.location, { recursive: true });
    } catch (err) {
      throw new ConduitError(
        'CONDUIT_STORE_UNAVAILABLE',
        `message store ${this.name}: cannot create its folder ${this.location}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    // Loaded on first use: the native addon and its level modules cost start-up time to projects without this store.
    const { ClassicLevel } = require('classic-level') as typeof import('classic-level');
    const db = new ClassicLevel<string, StoredMessage>(this.location, { valueEncoding: 'json' });
    try {
      await db.open();
    } catch (err) {
      const cause = (err as { cause?: Error }).cause ?? (err as Error);
      const locked = (err as { code?: string }).code === 'LEVEL_LOCKED' || /lock/i.test(cause.message);
      throw new ConduitError(
        'CONDUIT_STORE_UNAVAILABLE',
        locked
          ? `message store ${this.name}: ${this.location} is in use by another Conduit runtime`
          : `message store ${this.name}: cannot open ${this.location}: ${cause.message}`,
        { cause: err },
      );
    }
    let last: string | undefined;
    for await (const k of db.keys({ gte: PREFIX, lt: PREFIX + '\xff', reverse: true, limit: 1 })) last = k;
    this.nextSeq = last === undefined ? 0 : Number(last.slice(PREFIX.length)) + 1;
    let n = 0;
    for await (const _ of db.keys({ gte: PREFIX, lt: PREFIX + '\xff' })) n++;
    this.count = n;
    this.db = db;
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    this.inFlight.clear();
    this.scanFrom = PREFIX;
    if (db) await db.close();
  }

  private opened(): ClassicLevel<string, StoredMessage> {
    if (!this.db) throw new ConduitError('CONDUIT_STORE_UNAVAILABLE', `message store ${this.name} is not open`);
    return this.db;
  }

  async store(message: StoredMessage): Promise<void> {
    const db = this.opened();
    const key = keyOf(this.nextSeq++);
    try {
      await db.put(key, message, { sync: true });
    } catch (err) {
      throw new ConduitError('CONDUIT_STORE_FAILED', `message store ${this.name}: write failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
    this.count++;
  }

  consumer(): MessageConsumer {
    const mine = new Set<string>();
    let closed = false;
    return {
      receive: async (): Promise<Delivery | undefined> => {
        if (closed) return undefined;
        const db = this.opened();
        for await (const [key, message] of db.iterator({ gte: this.scanFrom, lt: PREFIX + '\xff' })) {
          // Checked and claimed in the same tick, so two consumers never take the same message.
          if (this.inFlight.has(key)) continue;
          this.inFlight.add(key);
          if (key >= this.scanFrom) this.scanFrom = key + '\x00';
          mine.add(key);
          const redelivered = this.deliveredBefore.has(key);
          this.deliveredBefore.add(key);
          return this.delivery(key, message, redelivered, mine);
        }
        return undefined;
      },
      close: async () => {
        closed = true;
        for (const key of mine) this.release(key);
        mine.clear();
      },
    };
  }

  private delivery(key: string, message: StoredMessage, redelivered: boolean, mine: Set<string>): Delivery {
    const generation = this.generation;
    let settled = false;
    const release = () => {
      settled = true;
      mine.delete(key);
      this.release(key);
    };
    return {
      message,
      redelivered,
      ack: async () => {
        if (settled) return;
        const db = this.opened();
        // Not synced: a delete lost in a crash only means the message is delivered again, which
        // at-least-once allows, and a synced delete per message would bound the drain rate by fsync.
        await db.del(key);
        settled = true;
        mine.delete(key);
        this.inFlight.delete(key);
        this.deliveredBefore.delete(key);
        if (generation === this.generation) this.count--;
      },
      nack: async () => {
        if (!settled) release();
      },
    };
  }

  /** The message is back in the store: the next receive must look at it again. */
  private release(key: string): void {
    if (this.inFlight.delete(key) && key < this.scanFrom) this.scanFrom = key;
  }

  async size(): Promise<number> {
    this.opened();
    return this.count;
  }

  async browse(limit = 100): Promise<StoredMessage[]> {
    const db = this.opened();
    const out: StoredMessage[] = [];
    for await (const v of db.values({ gte: PREFIX, lt: PREFIX + '\xff', limit })) out.push(v);
    return out;
  }

  async purge(): Promise<number> {
    const db = this.opened();
    const n = this.count;
    await db.clear({ gte: PREFIX, lt: PREFIX + '\xff' });
    // clear() takes no sync option; a synced write after it flushes the log, deletions included.
    await db.put<string, string>('meta!purged', String(Date.now()), { valueEncoding: 'utf8', sync: true });
    this.generation++;
    this.count = 0;
    this.scanFrom = PREFIX;
    this.inFlight.clear();
    this.deliveredBefore.clear();
    return n;
  }
}
