/**
 * The operators' number rules, after MI's BinaryOperationNode: int op int stays int (long on
 * overflow for + and *), `/` gives an int when exact and a double otherwise, long `/` always a double,
 * and any double operand makes the operation a BigDecimal one on the operands' printed values
 * (so `0.1 + 0.2` is `0.3`, and `/` keeps the left operand's scale, rounding half up).
 */
import { fail, SynapseNumber } from './values';

interface Decimal {
  unscaled: bigint;
  scale: number;
}

/** Java's `new BigDecimal(text)` for the texts numbers print as (`-2.5`, `2.0E9`, `1.0E-4`). */
function decimal(text: string): Decimal {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text.trim());
  if (!m) return fail(`not a number: ${text}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  const unscaled = BigInt(`${sign}${int}${frac}` || '0');
  return { unscaled, scale: frac.length - Number(exp) };
}

const pow10 = (n: number) => 10n ** BigInt(n);

function rescale(d: Decimal, scale: number): bigint {
  return scale >= d.scale ? d.unscaled * pow10(scale - d.scale) : d.unscaled / pow10(d.scale - scale);
}

function toDouble(d: Decimal): number {
  const digits = d.unscaled.toString();
  return Number(`${digits}e${-d.scale}`);
}

function decimalOp(op: string, a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  switch (op) {
    case '+':
      return toDouble({ unscaled: rescale(a, scale) + rescale(b, scale), scale });
    case '-':
      return toDouble({ unscaled: rescale(a, scale) - rescale(b, scale), scale });
    case '*':
      return toDouble({ unscaled: a.unscaled * b.unscaled, scale: a.scale + b.scale });
    case '%':
      return toDouble({ unscaled: rescale(a, scale) % rescale(b, scale), scale });
    case '/': {
      // BigDecimal.divide(divisor, ROUND_HALF_UP): the quotient keeps the dividend's scale.
      const num = a.unscaled * pow10(Math.max(b.scale, 0)) * 2n;
      const den = b.unscaled * pow10(Math.max(-b.scale, 0));
      let q = num / den;
      q = q >= 0n ? (q + 1n) / 2n : (q - 1n) / 2n;
      return toDouble({ unscaled: q, scale: a.scale });
    }
    default:
      return fail(`Unsupported operator: ${op}`);
  }
}

const OP_NAMES: Record<string, string> = { '+': 'ADD', '-': 'SUBTRACT', '*': 'MULTIPLY', '/': 'DIVIDE', '%': 'MODULO' };

/** `left op right` for + - * / % on two numbers. */
export function arithmetic(op: '+' | '-' | '*' | '/' | '%', a: SynapseNumber, b: SynapseNumber): SynapseNumber {
  if ((op === '/' || op === '%') && a.isIntegral && b.isIntegral && b.value === 0n) fail(op === '/' ? 'Division by zero' : 'Modulo by zero');
  if (a.type === 'double' || b.type === 'double') {
    if ((op === '/' || op === '%') && b.toNumber() === 0) fail(op === '/' ? 'Division by zero' : 'Modulo by zero');
    return SynapseNumber.double(decimalOp(op, decimal(a.toString()), decimal(b.toString())));
  }
  const x = a.value as bigint;
  const y = b.value as bigint;
  if (a.type === 'long' || b.type === 'long') {
    switch (op) {
      case '+':
        return SynapseNumber.long(x + y);
      case '-':
        return SynapseNumber.long(x - y);
      case '*':
        return SynapseNumber.long(x * y);
      case '/':
        return SynapseNumber.double(Number(x) / Number(y));
      case '%':
        return SynapseNumber.long(x % y);
    }
  }
  switch (op) {
    case '+': {
      const r = x + y;
      return r === BigInt.asIntN(32, r) ? SynapseNumber.int(r) : SynapseNumber.long(r);
    }
    case '-':
      return SynapseNumber.int(x - y);
    case '*': {
      const r = x * y;
      return r === BigInt.asIntN(32, r) ? SynapseNumber.int(r) : SynapseNumber.long(r);
    }
    case '/':
      return x % y === 0n ? SynapseNumber.int(x / y) : SynapseNumber.double(Number(x) / Number(y));
    case '%':
      return SynapseNumber.int(x % y);
  }
  return fail(`Unsupported operator: ${OP_NAMES[op] ?? op}`);
}
