/**
 * Quartz cron expressions (processors' `cronExpression`, tasks' `<trigger cron>`), read by croner with
 * Quartz's conventions: seconds first, six or seven fields, `?`, `start/step`, Sunday = 1. The
 * validator and the runtime build their schedules here, so an expression one accepts the other runs.
 */
import { Cron } from 'croner';

/**
 * A croner schedule for a Quartz expression; throws croner's error when it is not one. `protect`
 * keeps croner from starting `fn` again while a previous call's promise is still pending.
 */
export function quartzCron(expression: string, options: { paused?: boolean; protect?: boolean } = {}, fn?: () => void): Cron {
  const opts = { mode: '6-or-7-parts', alternativeWeekdays: true, sloppyRanges: true, ...options } as const;
  return fn ? new Cron(expression, opts, fn) : new Cron(expression, opts);
}

export function quartzCronError(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) return `a Quartz cron expression has 6 or 7 fields (seconds first), not ${fields.length}`;
  try {
    quartzCron(expression.trim(), { paused: true }).stop();
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^CronPattern: /, '');
  }
}
