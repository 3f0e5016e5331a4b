/**
 * Quartz cron expressions (processors' `cronExpression`), checked with croner. Quartz puts seconds
 * first and needs six or seven fields; its `start/step` form is written `start-max/step` for croner.
 */
import { Cron } from 'croner';

const FIELD_MAX = ['59', '59', '23', '31', '12', '7', '2099'];

export function quartzCronError(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) return `a Quartz cron expression has 6 or 7 fields (seconds first), not ${fields.length}`;
  const translated = fields.map((f, i) => f.replace(/^(\d+)\/(\d+)$/, `$1-${FIELD_MAX[i]}/$2`)).join(' ');
  try {
    new Cron(translated, { paused: true });
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^CronPattern: /, '');
  }
}
