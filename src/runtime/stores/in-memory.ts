/**
 * The in-memory store of Synapse (`InMemoryStore`, also the store of a `messageStore` without a
 * class): FIFO, lost on restart. A consumer is handed the oldest message not already handed out; it
 * stays in the store until acknowledged, and a nack or a closed consumer puts it back at its place.
 */
import type { Delivery, MessageConsumer, MessageStore, StoredMessage, StoreKind } from './types';

interface Entry {
  seq: number;
  message: StoredMessage;
  /** The consumer holding the message right now, if any. */
  holder?: object;
  delivered: boolean;
}

export class InMemoryStore implements MessageStore {
  readonly kind: StoreKind = 'in-memory';
  private entries: Entry[] = [];
  private nextSeq = 0;

  constructor(readonly name: string) {}

  async open(): Promise<void> {}

  async close(): Promise<void> {
    // Messages survive close() so a processor restarted within the same runtime still finds them.
    for (const e of this.entries) e.holder = undefined;
  }

  async store(message: StoredMessage): Promise<void> {
    this.entries.push({ seq: this.nextSeq++, message: structuredClone(message), delivered: false });
  }

  consumer(): MessageConsumer {
    const holder = {};
    let closed = false;
    const release = (e: Entry) => {
      if (e.holder === holder) e.holder = undefined;
    };
    return {
      receive: async (): Promise<Delivery | undefined> => {
        if (closed) return undefined;
        const e = this.entries.find((x) => x.holder === undefined);
        if (!e) return undefined;
        e.holder = holder;
        const redelivered = e.delivered;
        e.delivered = true;
        let settled = false;
        return {
          message: structuredClone(e.message),
          redelivered,
          ack: async () => {
            if (settled) return;
            settled = true;
            this.entries = this.entries.filter((x) => x !== e);
          },
          nack: async () => {
            if (settled) return;
            settled = true;
            release(e);
          },
        };
      },
      close: async () => {
        closed = true;
        for (const e of this.entries) release(e);
      },
    };
  }

  async size(): Promise<number> {
    return this.entries.length;
  }

  async browse(limit = 100): Promise<StoredMessage[]> {
    return this.entries.slice(0, limit).map((e) => structuredClone(e.message));
  }

  async purge(): Promise<number> {
    const n = this.entries.length;
    this.entries = [];
    return n;
  }
}
