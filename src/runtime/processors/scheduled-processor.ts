/**
 * What the three MI processors share (`ScheduledMessageProcessor`): the schedule (`interval` or a
 * Quartz `cronExpression`), `is.active`, activation and deactivation, the store consumer and the
 * store-connection retry. Subclasses implement one tick. Every timer lives in the schedule, and
 * stop() or deactivate() clear it and wait for the tick in hand, so no message is half-processed.
 */
import type { Cron } from 'croner';
import { ConduitError, type ErrorCode } from '../../model/errors';
import { quartzCron as quartzSchedule } from '../../model/validate/quartz-cron';
import type { LogLevel } from '../logger';
import type { MessageConsumer, MessageStore } from '../stores/types';
import type { MessageProcessor, ProcessorHost, ProcessorState } from './types';

/** What every processor definition carries. */
export interface ProcessorDefinition {
  name: string;
  className: string;
  messageStore: string;
  targetEndpoint?: string;
  parameters: Record<string, string>;
}

/** Reads parameters with MI's defaults; a bad value is a CONDUIT_PROCESSOR_CONFIG_INVALID error. */
export class Params {
  constructor(
    private readonly processor: string,
    private readonly p: Record<string, string>,
  ) {}

  str(name: string): string | undefined {
    const v = this.p[name]?.trim();
    return v ? v : undefined;
  }

  int(name: string, fallback: number, min = Number.MIN_SAFE_INTEGER): number {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      throw new ConduitError('CONDUIT_PROCESSOR_CONFIG_INVALID', `message processor ${this.processor}: ${name} must be a whole number${min > Number.MIN_SAFE_INTEGER ? ` of at least ${min}` : ''}, got "${raw}"`);
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.str(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === 'enabled') return true;
    if (raw === 'false' || raw === 'disabled') return false;
    throw new ConduitError('CONDUIT_PROCESSOR_CONFIG_INVALID', `message processor ${this.processor}: ${name} must be true or false, got "${raw}"`);
  }
}

/** Lowest `interval` MI's task scheduler runs at; `conduit.interval.minimum` lowers it (tests, demos). */
export const MI_MIN_INTERVAL_MS = 1000;

/** Quartz cron (seconds first, optional year, `?`, Sunday = 1) as croner reads it. */
export function quartzCron(processor: string, pattern: string, paused: boolean, fn: () => void): Cron {
  try {
    return quartzSchedule(pattern, { protect: true, paused }, fn);
  } catch (err) {
    throw new ConduitError('CONDUIT_PROCESSOR_CONFIG_INVALID', `message processor ${processor}: cronExpression "${pattern}" is not a Quartz cron expression: ${(err as Error).message}`);
  }
}

export abstract class ScheduledProcessor implements MessageProcessor {
  abstract readonly kind: string;
  readonly name: string;
  readonly storeName: string;
  protected readonly params: Params;
  protected readonly intervalMs: number;
  protected readonly cronExpression?: string;
  protected readonly category: string;
  private readonly initiallyActive: boolean;
  private readonly maxStoreAttempts: number;
  private current: ProcessorState = 'stopped';
  private timer?: NodeJS.Timeout;
  private cron?: Cron;
  private running?: Promise<void>;
  private consumerInHand?: MessageConsumer;
  private storeFailures = 0;
  /** Aborts sleeps (retry intervals) when the processor stops or deactivates. */
  protected halt = new AbortController();

  constructor(
    protected readonly def: ProcessorDefinition,
    protected readonly host: ProcessorHost,
    category: string,
  ) {
    this.name = def.name;
    this.storeName = def.messageStore;
    this.category = category;
    this.params = new Params(def.name, def.parameters);
    this.intervalMs = this.params.int('interval', 1000, 0);
    this.cronExpression = this.params.str('cronExpression');
    this.initiallyActive = this.params.bool('is.active', true);
    this.maxStoreAttempts = this.params.int('max.store.connection.attempts', -1);
    if (this.cronExpression) quartzCron(def.name, this.cronExpression, true, () => {}).stop();
  }

  /** Period between ticks in interval mode. */
  protected abstract periodMs(): number;
  /** Handles what one tick handles. Errors it throws are logged and the next tick runs as usual. */
  protected abstract tick(consumer: MessageConsumer, store: MessageStore): Promise<void>;

  state(): ProcessorState {
    return this.current;
  }

  async start(): Promise<void> {
    if (this.current !== 'stopped') return;
    if (!this.host.store(this.storeName)) {
      throw new ConduitError('CONDUIT_REFERENCE_UNRESOLVED', `message processor ${this.name}: message store ${this.storeName} does not exist`);
    }
    this.current = this.initiallyActive ? 'active' : 'inactive';
    if (this.current === 'active') this.schedule();
    this.log('INFO', `Started message processor ${this.name} on store ${this.storeName} (${this.current})`);
  }

  async stop(): Promise<void> {
    await this.pause();
    this.current = 'stopped';
  }

  async activate(): Promise<void> {
    if (this.current === 'active') return;
    if (this.current === 'stopped') throw new ConduitError('CONDUIT_PROCESSOR_DEACTIVATED', `message processor ${this.name} is not started`);
    this.current = 'active';
    this.storeFailures = 0;
    this.schedule();
    this.log('INFO', `Activated message processor ${this.name}`);
  }

  async deactivate(): Promise<void> {
    if (this.current !== 'active') return;
    await this.pause();
    this.current = 'inactive';
    this.log('INFO', `Deactivated message processor ${this.name}`);
  }

  /**
   * Deactivates from inside a tick (attempts exhausted, endpoint missing): the schedule stops now,
   * the tick ends normally, and the consumer is released once it has.
   */
  protected deactivateFromTick(code: ErrorCode, why: string): void {
    if (this.current !== 'active') return;
    this.current = 'inactive';
    this.clearTimers();
    this.halt.abort();
    this.log('WARN', `${code} Deactivated message processor ${this.name}: ${why}; its messages stay in store ${this.storeName}`);
  }

  protected active(): boolean {
    return this.current === 'active' && !this.halt.signal.aborted;
  }

  protected log(level: LogLevel, message: string): void {
    this.host.logger.log(level, this.category, message);
  }

  /** Waits `ms`, or less when the processor stops; resolves false when it was cut short. */
  protected sleep(ms: number): Promise<boolean> {
    const signal = this.halt.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = () => {
        clearTimeout(t);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private schedule(): void {
    this.halt = new AbortController();
    if (this.cronExpression) {
      this.cron = quartzCron(this.name, this.cronExpression, false, () => void this.runTick());
    } else {
      this.timer = setTimeout(() => void this.loop(), 0);
    }
  }

  private async loop(): Promise<void> {
    this.timer = undefined;
    await this.runTick();
    if (this.current === 'active' && !this.cron && !this.timer) this.timer = setTimeout(() => void this.loop(), this.periodMs());
  }

  private runTick(): Promise<void> {
    if (this.running || this.current !== 'active') return this.running ?? Promise.resolve();
    const run = this.tickSafely().finally(async () => {
      this.running = undefined;
      // a tick that deactivated the processor releases the consumer (and its messages) here
      if (this.current !== 'active') await this.releaseConsumer();
    });
    this.running = run;
    return run;
  }

  private async tickSafely(): Promise<void> {
    const store = this.host.store(this.storeName);
    if (!store) {
      this.deactivateFromTick('CONDUIT_REFERENCE_UNRESOLVED', `message store ${this.storeName} does not exist`);
      return;
    }
    this.consumerInHand ??= store.consumer();
    try {
      await this.tick(this.consumerInHand, store);
      this.storeFailures = 0;
    } catch (err) {
      const code = err instanceof ConduitError ? err.code : undefined;
      if (code === 'CONDUIT_STORE_UNAVAILABLE') {
        this.storeFailures++;
        // a new consumer once the store is back, like MI re-creating a dead one
        await this.releaseConsumer();
        if (this.storeFailures === 1) this.log('WARN', `CONDUIT_STORE_UNAVAILABLE message processor ${this.name}: ${(err as Error).message}; retrying`);
        if (this.maxStoreAttempts > 0 && this.storeFailures >= this.maxStoreAttempts) {
          this.deactivateFromTick('CONDUIT_PROCESSOR_DEACTIVATED', `store ${this.storeName} unreachable after ${this.storeFailures} attempts`);
        }
      } else {
        this.log('ERROR', `message processor ${this.name}: ${(err as Error).message}`);
      }
    }
  }

  private async releaseConsumer(): Promise<void> {
    const c = this.consumerInHand;
    this.consumerInHand = undefined;
    if (c) await c.close().catch(() => {});
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.cron?.stop();
    this.cron = undefined;
  }

  private async pause(): Promise<void> {
    this.clearTimers();
    this.halt.abort();
    const wasActive = this.current === 'active';
    // the tick in hand finishes (its sleeps cut short) before the consumer goes
    if (wasActive) this.current = 'inactive';
    await this.running;
    await this.releaseConsumer();
  }
}
