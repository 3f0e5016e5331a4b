/**
 * URI template syntax: API resource templates (`/categories/{category}/reserve`) and HTTP endpoint
 * templates (RFC 6570, e.g. `http://localhost:9090/{uri.var.hospital}/fee`, optionally prefixed by
 * `legacy-encoding:`).
 */

const VARSPEC = /^[A-Za-z0-9_.%-]+(\*|:\d{1,4})?$/;

export interface TemplateIssue {
  message: string;
  start: number;
  end: number;
}

/** The first syntax problem of a URI template, or undefined. */
export function uriTemplateIssue(template: string, kind: 'resource' | 'endpoint'): TemplateIssue | undefined {
  let i = 0;
  if (kind === 'endpoint' && template.startsWith('legacy-encoding:')) i = 'legacy-encoding:'.length;
  if (template.trim() === '') return { message: 'the URI template is empty', start: 0, end: template.length };
  for (; i < template.length; i++) {
    const ch = template[i];
    if (ch === '}') return { message: "'}' without a matching '{'", start: i, end: i + 1 };
    if (ch !== '{') continue;
    const close = template.indexOf('}', i + 1);
    const nested = template.indexOf('{', i + 1);
    if (close < 0) return { message: "'{' is not closed", start: i, end: template.length };
    if (nested >= 0 && nested < close) return { message: "'{' inside an expression", start: nested, end: nested + 1 };
    let body = template.slice(i + 1, close);
    if (/^[+#./;?&]/.test(body)) body = body.slice(1);
    if (body === '') return { message: 'empty expression {}', start: i, end: close + 1 };
    for (const spec of body.split(',')) {
      if (!VARSPEC.test(spec)) return { message: `'${spec}' is not a variable name`, start: i, end: close + 1 };
    }
    i = close;
  }
  if (kind === 'resource' && /\s/.test(template)) {
    const at = template.search(/\s/);
    return { message: 'a resource template cannot contain spaces', start: at, end: at + 1 };
  }
  return undefined;
}
