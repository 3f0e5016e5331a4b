/**
 * MI's guaranteed delivery: when a store with `store.producer.guaranteed.delivery.enable=true` and
 * `store.failover.message.store.name` cannot take a message, the message goes to the failover store
 * instead, and a failover forwarding processor moves it back once the primary is reachable again.
 */
import { ConduitError } from '../../model/errors';
import type { Logger } from '../logger';
import type { MessageStore, StoredMessage } from './types';

/** The failover store a store definition names, when guaranteed delivery is on; else undefined. */
export function failoverStoreName(parameters: Record<string, string>): string | undefined {
  if ((parameters['store.producer.guaranteed.delivery.enable'] ?? '').trim().toLowerCase() !== 'true') return undefined;
  const name = parameters['store.failover.message.store.name']?.trim();
  return name ? name : undefined;
}

/**
 * Stores into `primary`; when that fails and a failover store is given, into the failover store.
 * Resolves with the store that took the message. Rejects with the primary's error (the failover's
 * error as its cause) when neither did, so the caller can set HTTP_SC=500 and run the fault handler.
 */
export async function storeWithFailover(
  primary: MessageStore,
  failover: MessageStore | undefined,
  msg: StoredMessage,
  logger?: Logger,
): Promise<MessageStore> {
  try {
    await primary.store(msg);
    return primary;
  } catch (err) {
    if (!failover) throw err;
    logger?.log(
      'WARN',
      'MessageStoreMediator',
      `message store ${primary.name} could not take message ${msg.messageId} (${(err as Error).message}); storing it in failover store ${failover.name}`,
    );
    try {
      await failover.store(msg);
      return failover;
    } catch (err2) {
      const code = err instanceof ConduitError ? err.code : 'CONDUIT_STORE_FAILED';
      throw new ConduitError(code, `${(err as Error).message}; failover store ${failover.name} failed too: ${(err2 as Error).message}`, {
        cause: err2,
      });
    }
  }
}
