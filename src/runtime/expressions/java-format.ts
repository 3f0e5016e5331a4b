/**
 * Java's ways of printing numbers and dates, which MI's output shows: Double.toString (`2.0`, `1.0E7`)
 * and SimpleDateFormat patterns (`get-property('SYSTEM_DATE', 'yyyy-MM-dd')`).
 */

/** Double.toString: at least one fractional digit; scientific notation below 1e-3 and from 1e7. */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  // JavaScript gives the shortest digits too; only the layout differs (1e+21 → 1.0E21).
  const [mant, exp] = n.toExponential().split('e');
  const m = mant.includes('.') ? mant : `${mant}.0`;
  return `${m}E${Number(exp)}`;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function zone(d: Date, kind: 'Z' | 'X', count: number): string {
  const off = -d.getTimezoneOffset();
  if (kind === 'X' && off === 0) return 'Z';
  const sign = off < 0 ? '-' : '+';
  const h = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0');
  const m = String(Math.abs(off) % 60).padStart(2, '0');
  if (kind === 'X') return count === 1 ? `${sign}${h}` : count === 2 ? `${sign}${h}${m}` : `${sign}${h}:${m}`;
  return `${sign}${h}${m}`;
}

function field(d: Date, letter: string, count: number): string {
  const num = (v: number) => String(v).padStart(count, '0');
  switch (letter) {
    case 'y':
    case 'u':
      if (letter === 'u') return String(d.getDay() === 0 ? 7 : d.getDay());
      return count === 2 ? String(d.getFullYear() % 100).padStart(2, '0') : num(d.getFullYear());
    case 'M':
      if (count >= 4) return MONTHS[d.getMonth()];
      if (count === 3) return MONTHS[d.getMonth()].slice(0, 3);
      return num(d.getMonth() + 1);
    case 'd':
      return num(d.getDate());
    case 'D': {
      const start = new Date(d.getFullYear(), 0, 1);
      return num(Math.floor((d.getTime() - start.getTime()) / 86_400_000) + 1);
    }
    case 'E':
      return count >= 4 ? DAYS[d.getDay()] : DAYS[d.getDay()].slice(0, 3);
    case 'a':
      return d.getHours() < 12 ? 'AM' : 'PM';
    case 'H':
      return num(d.getHours());
    case 'k':
      return num(d.getHours() === 0 ? 24 : d.getHours());
    case 'K':
      return num(d.getHours() % 12);
    case 'h':
      return num(d.getHours() % 12 === 0 ? 12 : d.getHours() % 12);
    case 'm':
      return num(d.getMinutes());
    case 's':
      return num(d.getSeconds());
    case 'S':
      return num(d.getMilliseconds());
    case 'z':
      return `GMT${zone(d, 'X', 3).replace('Z', '+00:00')}`;
    case 'Z':
      return zone(d, 'Z', count);
    case 'X':
      return zone(d, 'X', count);
    default:
      throw new Error(`Illegal pattern character '${letter}'`);
  }
}

/** Formats a date with a java.text.SimpleDateFormat pattern, in the local time zone. */
export function formatJavaDate(d: Date, pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out += "'";
        i += 2;
        continue;
      }
      out += pattern.slice(i + 1, end < 0 ? pattern.length : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      out += field(d, c, j - i);
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
