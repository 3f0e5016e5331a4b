/**
 * A fault raised during mediation. Synapse reports faults through the ERROR_CODE / ERROR_MESSAGE
 * properties; `errorCode` carries Synapse's numeric code (101503 connection refused, 101504 timeout,
 * 303001 endpoint suspended, ...) so fault sequences written for MI keep working.
 */
import { ConduitError, type ErrorCode } from '../model/errors';
import type { MessageContext } from './message';

export class MediationFault extends ConduitError {
  constructor(
    code: ErrorCode,
    message: string,
    /** The value of ERROR_CODE: Synapse's numeric code where one exists. */
    readonly errorCode: number | string = code,
    options?: { cause?: unknown; detail?: string; httpStatus?: number },
  ) {
    super(code, message, options);
    this.name = 'MediationFault';
    this.detail = options?.detail;
    this.httpStatus = options?.httpStatus;
  }
  readonly detail?: string;
  /** HTTP status the client gets if no fault sequence answers (store failure: 500). */
  readonly httpStatus?: number;
}

/** Synapse's transport error codes (SynapseConstants). */
export const SYNAPSE_ERRORS = {
  RECEIVE_IO: 101000,
  SEND_IO: 101500,
  CONNECTION_FAILED: 101503,
  CONNECTION_TIMEOUT: 101504,
  CONNECTION_CLOSED: 101505,
  PROTOCOL_VIOLATION: 101506,
  CONNECT_TIMEOUT: 101508,
  RESPONSE_PROCESSING_FAILURE: 101510,
  /** A failover or load-balance group has no member ready to take the message. */
  GROUP_NONE_READY: 303000,
  ENDPOINT_SUSPENDED: 303001,
  /** An indirect endpoint (a template endpoint, a key-expression) whose target is not deployed. */
  ENDPOINT_IN_DIRECT_NOT_READY: 305100,
  /** Store mediator: the store did not take the message. */
  STORE_FAILED: 500,
} as const;

/** Sets ERROR_CODE, ERROR_MESSAGE, ERROR_DETAIL and ERROR_EXCEPTION as Synapse does for a fault. */
export function recordFault(msg: MessageContext, err: unknown): void {
  const f = err instanceof MediationFault ? err : undefined;
  const code = f ? f.errorCode : err instanceof ConduitError ? err.code : 'CONDUIT_MEDIATION_FAILED';
  const message = err instanceof Error ? err.message : String(err);
  msg.setProperty('ERROR_CODE', String(code));
  msg.setProperty('ERROR_MESSAGE', message);
  msg.setProperty('ERROR_DETAIL', f?.detail ?? message);
  msg.setProperty('ERROR_EXCEPTION', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  if (f?.httpStatus !== undefined) msg.axis2.set('HTTP_SC', f.httpStatus);
}
