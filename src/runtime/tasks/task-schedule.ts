/**
 * When a task runs. MI schedules a task with Quartz, starting now (the first run of an interval
 * trigger is immediate) and never running a job twice at once (`DisallowConcurrentExecution`); a
 * firing that comes while a run is still going waits for it, and runs as soon as it ends. This schedule
 * does the same with one timer (or one croner job); stop() clears it and waits for the run in hand.
 */
import type { Cron } from 'croner';
import type { TaskTrigger } from '../../model/task-definition';
import { quartzCron } from '../../model/validate/quartz-cron';

export class TaskSchedule {
  private timer?: NodeJS.Timeout;
  private cron?: Cron;
  private running?: Promise<void>;
  /** A cron firing came while a run was going: run once more when it ends. */
  private pending = false;
  private stopped = true;
  private done = 0;

  constructor(
    private readonly trigger: TaskTrigger,
    private readonly run: () => Promise<void>,
  ) {}

  /** Runs started so far. */
  get runs(): number {
    return this.done;
  }

  /** True once a simple trigger has made all its runs (it never is for cron or count -1). */
  get finished(): boolean {
    return this.trigger.kind === 'simple' && this.trigger.count >= 0 && this.done >= this.trigger.count;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.trigger.kind === 'cron') {
      this.cron = quartzCron(this.trigger.expression, {}, () => this.fire());
    } else if (!this.finished) {
      this.timer = setTimeout(() => this.tick(Date.now()), 0);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pending = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.cron?.stop();
    this.cron = undefined;
    await this.running;
  }

  /** One run of an interval trigger, then the next one `intervalMs` after this one was due. */
  private async tick(due: number): Promise<void> {
    this.timer = undefined;
    if (this.stopped || this.trigger.kind !== 'simple') return;
    await this.runOnce();
    if (this.stopped || this.finished) return;
    const next = due + this.trigger.intervalMs;
    this.timer = setTimeout(() => this.tick(Math.max(next, Date.now())), Math.max(0, next - Date.now()));
  }

  private fire(): void {
    if (this.stopped) return;
    if (this.running) this.pending = true;
    else void this.runOnce();
  }

  private async runOnce(): Promise<void> {
    this.done++;
    const run = this.run()
      .catch(() => undefined)
      .finally(() => {
        this.running = undefined;
      });
    this.running = run;
    await run;
    if (this.pending && !this.stopped) {
      this.pending = false;
      await this.runOnce();
    }
  }
}
