/**
 * A resource's url-mapping as Synapse's URLMappingHelper reads it: exact (`/foo`), path prefix
 * (`/foo/*`, the longest matching prefix wins) or extension (`*.jsp`).
 */

export type UrlMapping =
  | { kind: 'exact'; path: string }
  | { kind: 'prefix'; segments: string[] }
  | { kind: 'extension'; ext: string };

export function parseUrlMapping(mapping: string): UrlMapping {
  if (mapping.startsWith('*.')) return { kind: 'extension', ext: mapping.slice(1) };
  if (mapping === '/*') return { kind: 'prefix', segments: [] };
  if (mapping.endsWith('/*')) return { kind: 'prefix', segments: mapping.slice(1, -2).split('/') };
  return { kind: 'exact', path: stripSlashes(mapping) };
}

function stripSlashes(p: string): string {
  let s = p;
  while (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return s;
}

/** The request sub-path without query string and trailing slashes. */
export function mappingPath(subPath: string): string {
  const q = subPath.indexOf('?');
  return stripSlashes(q >= 0 ? subPath.slice(0, q) : subPath) || '/';
}

/**
 * How well a mapping matches: undefined for no match; otherwise a rank where lower is better.
 * Exact matches come first, then prefixes by the number of matched segments, then extensions.
 */
export function rankUrlMapping(m: UrlMapping, subPath: string): number | undefined {
  const path = mappingPath(subPath);
  switch (m.kind) {
    case 'exact':
      return path === m.path ? 0 : undefined;
    case 'prefix': {
      const segs = path.split('/').slice(1);
      if (m.segments.length > segs.length) return undefined;
      for (let i = 0; i < m.segments.length; i++) if (m.segments[i] !== segs[i]) return undefined;
      return 1_000_000 - m.segments.length;
    }
    case 'extension':
      return path.endsWith(m.ext) ? 2_000_000 : undefined;
  }
}
