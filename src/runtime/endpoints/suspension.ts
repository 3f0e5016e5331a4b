/**
 * The endpoint state machine of Synapse's EndpointContext: ACTIVE, TIMEOUT (failing, retries left)
 * and SUSPENDED (failing fast until the suspension ends). Error codes listed in markForSuspension
 * (default: 101504 timeout, 101505 closed) first move the endpoint to TIMEOUT and suspend it after
 * `retriesBeforeSuspension` further failures; any other error code listed in suspendOnFailure (all
 * codes when the list is empty) suspends at once. A negative duration (Integration Studio writes -1)
 * means Synapse's default of 30 s.
 */

export const DEFAULT_SUSPEND_MS = 30_000;

export interface SuspensionConfig {
  /** markForSuspension/errorCodes */
  timeoutCodes: number[];
  retriesBeforeSuspension: number;
  /** ms during which a TIMEOUT endpoint fails fast before the next retry */
  retryDelay: number;
  /** suspendOnFailure/errorCodes; empty = every code */
  suspendCodes: number[];
  initialDuration: number;
  progressionFactor: number;
  maximumDuration: number;
}

export const DEFAULT_SUSPENSION: SuspensionConfig = {
  timeoutCodes: [101504, 101505],
  retriesBeforeSuspension: 0,
  retryDelay: 0,
  suspendCodes: [],
  initialDuration: -1,
  progressionFactor: 1,
  maximumDuration: Number.MAX_SAFE_INTEGER,
};

export type EndpointState = 'active' | 'timeout' | 'suspended';

export class SuspensionState {
  state: EndpointState = 'active';
  private retriesLeft: number;
  private until = 0;
  private lastDuration = 0;

  constructor(
    private readonly config: SuspensionConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.retriesLeft = config.retriesBeforeSuspension;
  }

  /** Milliseconds until the endpoint may be tried again; 0 when it may be tried now. */
  blockedFor(): number {
    if (this.state === 'active') return 0;
    return Math.max(0, this.until - this.now());
  }

  onSuccess(): void {
    this.state = 'active';
    this.retriesLeft = this.config.retriesBeforeSuspension;
    this.lastDuration = 0;
    this.until = 0;
  }

  /** Records a failure; returns the suspension in ms when the endpoint was suspended by it. */
  onFailure(errorCode: number): number | undefined {
    const c = this.config;
    if (c.timeoutCodes.includes(errorCode)) {
      if (this.retriesLeft > 0) {
        this.retriesLeft--;
        this.state = 'timeout';
        this.until = this.now() + Math.max(0, c.retryDelay);
        return undefined;
      }
      return this.suspend();
    }
    if (c.suspendCodes.length === 0 || c.suspendCodes.includes(errorCode)) return this.suspend();
    return undefined;
  }

  private suspend(): number {
    const c = this.config;
    const initial = c.initialDuration < 0 ? DEFAULT_SUSPEND_MS : c.initialDuration;
    let duration = this.lastDuration === 0 ? initial : this.lastDuration * (c.progressionFactor > 0 ? c.progressionFactor : 1);
    const max = c.maximumDuration < 0 ? Number.MAX_SAFE_INTEGER : c.maximumDuration;
    duration = Math.min(duration, max);
    this.lastDuration = duration;
    this.state = 'suspended';
    this.until = this.now() + duration;
    this.retriesLeft = c.retriesBeforeSuspension;
    return duration;
  }
}
