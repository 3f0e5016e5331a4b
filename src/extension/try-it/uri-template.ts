/**
 * Request URLs from a resource's uri-template. Free of Node and VS Code, so the panel's webview script
 * builds the same URL the extension host sends to.
 */

/** `/categories/{category}/reserve` + {category: 'surgery'} → `/categories/surgery/reserve`. */
export function expandTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(vars[name] ?? ''));
}

/** Variable names in a URI template, in order, without duplicates. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]))];
}

/**
 * The full URL of a resource: base (`http://localhost:8290`), the API's context, the expanded template
 * and the query parameters (rows without a name are skipped), appended to any query the template has.
 */
export function resourceUrl(base: string, context: string, template: string, vars: Record<string, string>, query: ReadonlyArray<readonly [string, string]> = []): string {
  const extra = query
    .filter(([k]) => k.trim() !== '')
    .map(([k, v]) => `${encodeURIComponent(k.trim())}=${encodeURIComponent(v)}`)
    .join('&');
  const expanded = expandTemplate(template, vars);
  const joined = extra ? `${expanded}${expanded.includes('?') ? '&' : '?'}${extra}` : expanded;
  return `${base}${context.replace(/\/$/, '')}${joined.startsWith('/') || joined === '' ? '' : '/'}${joined}`;
}
