/**
 * A deployed REST API: context, version strategy and resources with their compiled sequences and
 * path matchers, read once from the artifact at deploy time.
 */
import type { Artifact } from '../model/types';
import { apiView, type SequenceSlot } from '../model/views';
import { attr, type XmlElement } from '../model/xml';
import { compileUriTemplate, type UriTemplateMatcher } from './http/uri-template-match';
import { parseUrlMapping, type UrlMapping } from './http/url-mapping';
import type { CompiledSequence, ParseContext } from './mediators/types';

/** A sequence slot as compiled: inline steps, or a named sequence looked up per message. */
export type SequenceRef = { inline: CompiledSequence } | { key: string };

export interface CompiledResource {
  /** Upper-case methods; empty = any. */
  methods: string[];
  uriTemplate?: UriTemplateMatcher;
  urlMapping?: UrlMapping;
  protocol?: string;
  contentType?: string;
  userAgent?: RegExp;
  inSequence?: SequenceRef;
  outSequence?: SequenceRef;
  faultSequence?: SequenceRef;
  /** `file:line:col` of the resource. */
  where: string;
}

export interface CompiledApi {
  name: string;
  /** The context with `{version}` substituted and trailing slashes trimmed. */
  context: string;
  version?: string;
  versionType?: 'context' | 'url';
  hostname?: string;
  port?: number;
  resources: CompiledResource[];
  file: string;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

export function compileApi(artifact: Artifact, ctx: ParseContext): CompiledApi {
  const view = apiView(artifact);
  const root = artifact.element;
  const name = view.name?.value;
  if (!name) ctx.fail('CONDUIT_ARTIFACT_INVALID', 'the API has no name', root);
  let context = view.context?.value ?? '';
  if (!context.startsWith('/')) ctx.fail('CONDUIT_ARTIFACT_INVALID', `API ${name}: context "${context}" must start with "/"`, root);
  const version = view.version?.value;
  const vt = view.versionType?.value;
  if (version !== undefined && vt !== 'context' && vt !== 'url')
    ctx.fail('CONDUIT_ARTIFACT_INVALID', `API ${name}: version-type must be "context" or "url" when a version is given`, root);
  if (version !== undefined && vt === 'context') context = context.replace('{version}', version);
  while (context.length > 1 && context.endsWith('/')) context = context.slice(0, -1);
  if (view.resources.length === 0) ctx.fail('CONDUIT_ARTIFACT_INVALID', `API ${name} has no resource`, root);

  const resources = view.resources.map((r): CompiledResource => {
    const el = r.element;
    const seen = new Set<string>();
    for (const m of r.methods) {
      if (!METHODS.has(m)) ctx.fail('CONDUIT_ARTIFACT_INVALID', `resource method "${m}" is not an HTTP method`, el);
      if (seen.has(m)) ctx.fail('CONDUIT_ARTIFACT_INVALID', `resource method "${m}" is listed twice`, el);
      seen.add(m);
    }
    let uriTemplate: UriTemplateMatcher | undefined;
    let urlMapping: UrlMapping | undefined;
    if (r.urlMapping) urlMapping = parseUrlMapping(r.urlMapping.value);
    else if (r.uriTemplate) {
      try {
        uriTemplate = compileUriTemplate(r.uriTemplate.value);
      } catch (err) {
        ctx.fail('CONDUIT_ARTIFACT_INVALID', (err as Error).message, el);
      }
    }
    const userAgent = attr(el, 'user-agent');
    return {
      methods: r.methods,
      uriTemplate,
      urlMapping,
      protocol: r.protocol?.value,
      contentType: attr(el, 'content-type'),
      userAgent: userAgent ? new RegExp(`^(?:${userAgent})$`) : undefined,
      inSequence: compileSlot(r.inSequence, ctx),
      outSequence: compileSlot(r.outSequence, ctx),
      faultSequence: compileSlot(r.faultSequence, ctx),
      where: ctx.where(el),
    };
  });
  const port = view.port?.value;
  return {
    name,
    context,
    version,
    versionType: version !== undefined ? (vt as 'context' | 'url') : undefined,
    hostname: view.hostname?.value,
    port: port !== undefined && port !== '-1' ? Number(port) : undefined,
    resources,
    file: artifact.file,
  };
}

/** Compiles a resource's or proxy target's in-, out- or fault sequence slot. */
export function compileSlot(slot: SequenceSlot | undefined, ctx: ParseContext): SequenceRef | undefined {
  if (!slot) return undefined;
  if (slot.key) return { key: slot.key.value };
  const el = slot.element as XmlElement;
  return { inline: { steps: ctx.parseSequence(el, slot.mediators).steps } };
}
