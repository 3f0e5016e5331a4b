/** Builds StoredMessage values for store and processor tests. */
import { randomUUID } from 'node:crypto';
import type { StoredMessage } from '../../src/runtime/stores/types';

export function storedMessage(body: unknown, properties: Record<string, string> = {}): StoredMessage {
  return {
    messageId: `urn:uuid:${randomUUID()}`,
    storedAt: Date.now(),
    payload: { kind: 'json', text: JSON.stringify(body), contentType: 'application/json' },
    transportHeaders: { 'Content-Type': 'application/json' },
    properties,
    axis2: { messageType: 'application/json', ContentType: 'application/json', HTTP_SC: 200 },
    origin: 'HealthcareAPI',
  };
}

/** The `n` property of a message built with storedMessage({ n }). */
export function n(m: StoredMessage | undefined): number | undefined {
  return m ? (JSON.parse(m.payload.text) as { n: number }).n : undefined;
}
