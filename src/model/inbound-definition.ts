/**
 * Reads an `<inboundEndpoint>` artifact the way MI's InboundEndpointFactory and its protocol listeners
 * do: the protocol, the injecting and error sequences, `suspend`, and the protocol's parameters. The
 * validator reports the problems found here and the runtime starts the definition, so what one
 * accepts the other runs.
 */
import { artifactProblems } from './artifact-problems';
import { problem, type Problem } from './errors';
import { compileJavaRegex, type JavaRegex } from './java-regex';
import type { Artifact } from './types';
import { inboundEndpointView } from './views';
import { attr, type Range } from './xml';

/** The protocols the Conduit runtime runs; MI's others (jms, kafka, file, ...) are refused. */
export const INBOUND_PROTOCOLS = ['http'] as const;

export const HTTP_PORT = 'inbound.http.port';
export const DISPATCH_FILTER_PATTERN = 'dispatch.filter.pattern';

export interface HttpInboundDefinition {
  protocol: 'http';
  name: string;
  /** The sequence each request runs; MI injects into the main sequence when it is absent or not deployed. */
  sequence?: string;
  /** The fault sequence; MI falls back to the `fault` sequence. */
  onError?: string;
  /** `suspend="true"`: deployed, never started. */
  suspended: boolean;
  port: number;
  /**
   * `dispatch.filter.pattern`: a request whose path and query match it goes to the APIs and proxy
   * services (else the main sequence); one that does not match goes to the main sequence.
   */
  dispatchPattern?: JavaRegex;
}

export type InboundDefinition = HttpInboundDefinition;

export interface InboundReading {
  /** Set when the runtime can deploy the inbound endpoint. */
  inbound?: InboundDefinition;
  /** What the validator reports (a missing name is the schema's to report). */
  problems: Problem[];
  /** Why the runtime does not deploy the inbound endpoint: the first error, or what Conduit cannot run. */
  refusal?: Problem;
}

export function readInbound(artifact: Artifact): InboundReading {
  const root = artifact.element;
  const found = artifactProblems(artifact.file, root.nameRange);
  const { problems, report } = found;
  const view = inboundEndpointView(artifact);
  const name = view.name?.value.trim() ?? '';
  if (name === '') return { problems, refusal: problem('CONDUIT_ARTIFACT_INVALID', `inbound endpoint has no name`, { file: artifact.file, range: root.nameRange }) };

  const protocol = view.protocol?.value.trim() ?? '';
  if (view.className && view.className.value.trim() !== '') {
    report('CONDUIT_UNSUPPORTED', `inbound endpoint ${name} uses the custom class '${view.className.value.trim()}'; the Conduit runtime runs only the ${INBOUND_PROTOCOLS.join(', ')} protocol, so it does not deploy this inbound endpoint`, view.className.range);
    return { problems, refusal: found.refusal };
  }
  if (protocol === '') {
    report('CONDUIT_ARTIFACT_INVALID', `inbound endpoint ${name} needs a protocol or a class attribute (MI refuses one with neither)`, root.nameRange);
    return { problems, refusal: found.refusal };
  }
  if (!(INBOUND_PROTOCOLS as readonly string[]).includes(protocol)) {
    report('CONDUIT_UNSUPPORTED', `the Conduit runtime runs ${INBOUND_PROTOCOLS.join(', ')} inbound endpoints, not protocol '${protocol}', so it does not deploy this inbound endpoint`, view.protocol!.range);
    return { problems, refusal: found.refusal };
  }

  const param = (p: string) => view.parameters.find((x) => x.name === p);
  const invalid = (message: string, range: Range | undefined) => report('CONDUIT_INBOUND_CONFIG_INVALID', message, range);

  const portParam = param(HTTP_PORT);
  const portText = portParam?.value.trim() ?? '';
  let port: number | undefined;
  if (!portParam) invalid(`an http inbound endpoint needs the ${HTTP_PORT} parameter: the port it listens on`, root.nameRange);
  else if (!/^\d+$/.test(portText)) invalid(`${HTTP_PORT} must be a port number; MI says: Please provide port number as integer instead of port ${portText}`, portParam.valueRange);
  else if (Number(portText) < 1 || Number(portText) > 65535) invalid(`${HTTP_PORT} ${portText} is not a port from 1 to 65535`, portParam.valueRange);
  else port = Number(portText);

  const patternParam = param(DISPATCH_FILTER_PATTERN);
  let dispatchPattern: JavaRegex | undefined;
  if (patternParam && patternParam.value !== '') {
    try {
      dispatchPattern = compileJavaRegex(patternParam.value);
    } catch (err) {
      invalid(`${DISPATCH_FILTER_PATTERN}: ${(err as Error).message}`, patternParam.valueRange);
    }
  }

  if (found.refusal || port === undefined) return { problems, refusal: found.refusal };
  return {
    problems,
    inbound: {
      protocol: 'http',
      name,
      sequence: view.sequence?.value.trim() || undefined,
      onError: view.onError?.value.trim() || undefined,
      suspended: attr(root, 'suspend')?.trim() === 'true',
      port,
      dispatchPattern,
    },
  };
}
