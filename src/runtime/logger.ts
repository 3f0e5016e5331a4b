/**
 * Log lines in Micro Integrator's console format, so tutorials read the same:
 * `[2024-09-09 15:23:03,998]  INFO {LogMediator} - message`.
 */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

const ORDER: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 };

export interface LogRecord {
  time: Date;
  level: LogLevel;
  /** The logger's short name, e.g. LogMediator, APIDeployer, SamplingProcessor. */
  category: string;
  message: string;
}

export interface Logger {
  log(level: LogLevel, category: string, message: string): void;
  enabled(level: LogLevel): boolean;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `yyyy-MM-dd HH:mm:ss,SSS` in local time, as log4j's %d prints it. */
export function formatTimestamp(d: Date): string {
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`
  );
}

export function formatRecord(r: LogRecord): string {
  return `[${formatTimestamp(r.time)}] ${r.level.padStart(5)} {${r.category}} - ${r.message}`;
}

export class ConsoleLogger implements Logger {
  constructor(
    private readonly threshold: LogLevel = 'INFO',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}
  enabled(level: LogLevel): boolean {
    return ORDER[level] >= ORDER[this.threshold];
  }
  log(level: LogLevel, category: string, message: string): void {
    if (this.enabled(level)) this.write(formatRecord({ time: new Date(), level, category, message }));
  }
}

/** Keeps records in memory; tests read them and can wait for a line to appear. */
export class MemoryLogger implements Logger {
  readonly records: LogRecord[] = [];
  private waiters: Array<{ test: (r: LogRecord) => boolean; resolve: (r: LogRecord) => void }> = [];
  constructor(private readonly threshold: LogLevel = 'DEBUG') {}
  enabled(level: LogLevel): boolean {
    return ORDER[level] >= ORDER[this.threshold];
  }
  log(level: LogLevel, category: string, message: string): void {
    if (!this.enabled(level)) return;
    const r = { time: new Date(), level, category, message };
    this.records.push(r);
    this.waiters = this.waiters.filter((w) => (w.test(r) ? (w.resolve(r), false) : true));
  }
  lines(): string[] {
    return this.records.map(formatRecord);
  }
  /** Resolves with the first record (already logged or future) that passes the test. */
  waitFor(test: (r: LogRecord) => boolean, timeoutMs = 10_000): Promise<LogRecord> {
    const found = this.records.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log record matched within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ test, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }
}

export const info = (l: Logger, category: string, message: string) => l.log('INFO', category, message);
export const warn = (l: Logger, category: string, message: string) => l.log('WARN', category, message);
export const error = (l: Logger, category: string, message: string) => l.log('ERROR', category, message);
