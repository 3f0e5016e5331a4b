/**
 * Reads an `<inboundEndpoint>` artifact the way MI's InboundEndpointFactory and its protocol listeners
 * do: the protocol, the injecting and error sequences, `suspend`, and the protocol's parameters. The
 * validator reports the problems found here and the runtime starts the definition, so what one
 * accepts the other runs.
 */
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifactProblems } from './artifact-problems';
import { problem, type Problem } from './errors';
import { compileJavaRegex, type JavaRegex } from './java-regex';
import type { Artifact } from './types';
import { inboundEndpointView } from './views';
import { attr, type Range } from './xml';

/** The protocols the Conduit runtime runs; MI's others (jms, kafka, mqtt, ...) are refused. */
export const INBOUND_PROTOCOLS = ['http', 'rabbitmq', 'file'] as const;

export const HTTP_PORT = 'inbound.http.port';
export const DISPATCH_FILTER_PATTERN = 'dispatch.filter.pattern';

interface InboundCommon {
  name: string;
  /** The sequence each message runs; MI injects into the main sequence when it is absent or not deployed. */
  sequence?: string;
  /** The fault sequence; MI falls back to the `fault` sequence. */
  onError?: string;
  /** `suspend="true"`: deployed, never started. */
  suspended: boolean;
}

export interface HttpInboundDefinition extends InboundCommon {
  protocol: 'http';
  port: number;
  /**
   * `dispatch.filter.pattern`: a request whose path and query match it goes to the APIs and proxy
   * services (else the main sequence); one that does not match goes to the main sequence.
   */
  dispatchPattern?: JavaRegex;
}

/** MI's RabbitMQ inbound endpoint (`rabbitmq.*` parameters, MI's defaults). */
export interface RabbitMQInboundDefinition extends InboundCommon {
  protocol: 'rabbitmq';
  host: string;
  port: number;
  username: string;
  password: string;
  vhost: string;
  /** `rabbitmq.queue.name`; MI consumes the queue named after the inbound endpoint without it. */
  queue: string;
  /** `rabbitmq.queue.auto.ack` (MI's default true); Conduit acknowledges after the sequence either way. */
  autoAck: boolean;
  /** `rabbitmq.channel.consumer.qos`: messages in hand at once; unlimited when absent. */
  prefetch?: number;
  /** `rabbitmq.message.content.type`: for messages without a content type (else text/plain, as MI). */
  contentType?: string;
  /** `rabbitmq.queue.autodeclare` (default true): declare the queue, durable unless `rabbitmq.queue.durable` is false. */
  declareQueue: boolean;
  durable: boolean;
  exchange?: string;
  routingKey?: string;
  /** `rabbitmq.connection.retry.interval`, ms: the longest wait between reconnection attempts. */
  retryInterval: number;
}

/** What a file inbound endpoint does with a file once its flow is over. */
export type FileAction = { action: 'delete' } | { action: 'move'; folder: string } | { action: 'keep' };

/** MI's VFS (`file`) inbound endpoint, for local folders. */
export interface FileInboundDefinition extends InboundCommon {
  protocol: 'file';
  /** The folder `transport.vfs.FileURI` names, as a local path. */
  folder: string;
  /** `transport.vfs.FileNamePattern`: file names (whole) to take; every file without it. */
  fileNamePattern?: JavaRegex;
  /** `interval` (ms), or `transport.PollInterval` (seconds, or with an `ms` suffix): the pause between polls. */
  intervalMs: number;
  /** `transport.vfs.ContentType`; by the file's extension without it. */
  contentType?: string;
  afterProcess: FileAction;
  /** Without `transport.vfs.ActionAfterFailure` the file stays where it is (MI deletes it). */
  afterFailure: FileAction;
}

export type InboundDefinition = HttpInboundDefinition | RabbitMQInboundDefinition | FileInboundDefinition;

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
    report('CONDUIT_UNSUPPORTED', `inbound endpoint ${name} uses the custom class '${view.className.value.trim()}'; the Conduit runtime runs only the ${INBOUND_PROTOCOLS.join(', ')} protocols, so it does not deploy this inbound endpoint`, view.className.range);
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
  /** A whole number from `min` to `max`; undefined (reported) when it is not one, `fallback` when absent or empty, as MI reads it. */
  const whole = (p: string, min: number, max: number, fallback?: number): number | undefined => {
    const at = param(p);
    const text = at?.value.trim() ?? '';
    if (!at || text === '') return fallback;
    if (!/^\d+$/.test(text)) {
      invalid(p === HTTP_PORT ? `${p} must be a port number; MI says: Please provide port number as integer instead of port ${text}` : `${p} must be a whole number, not '${text}'`, at.valueRange);
    }
    else if (Number(text) < min || Number(text) > max) invalid(`${p} ${text} is not ${p.endsWith('port') ? 'a port' : 'a number'} from ${min} to ${max}`, at.valueRange);
    else return Number(text);
    return undefined;
  };
  const bool = (p: string, fallback: boolean): boolean => {
    const at = param(p);
    const text = at?.value.trim().toLowerCase() ?? '';
    if (!at || text === '') return fallback;
    if (text !== 'true' && text !== 'false') invalid(`${p} must be true or false, not '${at.value.trim()}'`, at.valueRange);
    return text === 'true';
  };
  const text = (p: string) => param(p)?.value.trim() || undefined;
  const common: InboundCommon = {
    name,
    sequence: view.sequence?.value.trim() || undefined,
    onError: view.onError?.value.trim() || undefined,
    suspended: attr(root, 'suspend')?.trim() === 'true',
  };

  if (protocol === 'file') {
    const folderOf = (p: string): string | undefined => {
      const at = param(p);
      const uri = at?.value.trim() ?? '';
      if (!at || uri === '') return undefined;
      // a remote URI may carry a password; it never goes into a message
      const shown = uri.replace(/^([^:/]+:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
      const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1].toLowerCase();
      if (scheme === undefined && isAbsolute(uri)) return uri;
      if (scheme === 'file') {
        try {
          return fileURLToPath(uri);
        } catch (err) {
          invalid(`${p} '${shown}' is not a file URI: ${(err as Error).message}`, at.valueRange);
          return undefined;
        }
      }
      if (scheme === undefined) invalid(`${p} '${shown}' must be a file:// URI or an absolute path`, at.valueRange);
      else report('CONDUIT_UNSUPPORTED', `${p} '${shown}': the Conduit runtime polls local folders (file://) only, not ${scheme}, so it does not deploy this inbound endpoint`, at.valueRange);
      return undefined;
    };
    const folder = folderOf('transport.vfs.FileURI');
    if (folder === undefined && !found.refusal) invalid(`a file inbound endpoint needs transport.vfs.FileURI: the folder it polls`, root.nameRange);
    const action = (p: string, moveParam: string, fallback: FileAction): FileAction | undefined => {
      const at = param(p);
      const value = at?.value.trim().toUpperCase() ?? '';
      if (!at || value === '') return fallback;
      if (value === 'DELETE') return { action: 'delete' };
      if (value !== 'MOVE') {
        invalid(`${p} must be MOVE or DELETE, not '${at.value.trim()}'`, at.valueRange);
        return undefined;
      }
      const to = folderOf(moveParam);
      if (to === undefined && !found.refusal) invalid(`${p} is MOVE, so the inbound endpoint needs ${moveParam}: the folder files go to`, at.valueRange);
      return to === undefined ? undefined : { action: 'move', folder: to };
    };
    const afterProcess = action('transport.vfs.ActionAfterProcess', 'transport.vfs.MoveAfterProcess', { action: 'delete' });
    const afterFailure = action('transport.vfs.ActionAfterFailure', 'transport.vfs.MoveAfterFailure', { action: 'keep' });
    let intervalMs = whole('interval', 1, 2 ** 31 - 1, 1000);
    const poll = param('transport.PollInterval');
    if (poll && poll.value.trim() !== '' && !param('interval')) {
      const m = /^(\d+)\s*(ms)?$/.exec(poll.value.trim());
      if (!m || Number(m[1]) === 0) invalid(`transport.PollInterval must be a number of seconds (or milliseconds with 'ms'), not '${poll.value.trim()}'`, poll.valueRange);
      else intervalMs = m[2] ? Number(m[1]) : Number(m[1]) * 1000;
    }
    const patternParam = param('transport.vfs.FileNamePattern');
    let fileNamePattern: JavaRegex | undefined;
    if (patternParam && patternParam.value.trim() !== '') {
      try {
        fileNamePattern = compileJavaRegex(patternParam.value.trim());
      } catch (err) {
        invalid(`transport.vfs.FileNamePattern: ${(err as Error).message}`, patternParam.valueRange);
      }
    }
    if (found.refusal || folder === undefined || !afterProcess || !afterFailure || intervalMs === undefined) return { problems, refusal: found.refusal };
    return {
      problems,
      inbound: { ...common, protocol: 'file', folder, fileNamePattern, intervalMs, contentType: text('transport.vfs.ContentType'), afterProcess, afterFailure },
    };
  }

  if (protocol === 'rabbitmq') {
    if (bool('rabbitmq.connection.ssl.enabled', false)) {
      report('CONDUIT_UNSUPPORTED', `the Conduit runtime does not connect a RabbitMQ inbound endpoint over TLS (rabbitmq.connection.ssl.enabled), so it does not deploy this inbound endpoint`, param('rabbitmq.connection.ssl.enabled')!.valueRange);
    }
    const port = whole('rabbitmq.server.port', 1, 65535, 5672);
    const prefetch = whole('rabbitmq.channel.consumer.qos', 1, 65535);
    const retryInterval = whole('rabbitmq.connection.retry.interval', 0, 2 ** 31 - 1, 30000);
    const autoAck = bool('rabbitmq.queue.auto.ack', true);
    const declareQueue = bool('rabbitmq.queue.autodeclare', true);
    const durable = bool('rabbitmq.queue.durable', true);
    if (found.refusal || port === undefined || retryInterval === undefined) return { problems, refusal: found.refusal };
    return {
      problems,
      inbound: {
        ...common,
        protocol: 'rabbitmq',
        host: text('rabbitmq.server.host.name') ?? 'localhost',
        port,
        username: text('rabbitmq.server.user.name') ?? 'guest',
        password: param('rabbitmq.server.password')?.value || 'guest',
        vhost: text('rabbitmq.server.virtual.host') ?? '/',
        queue: text('rabbitmq.queue.name') ?? name,
        autoAck,
        prefetch,
        contentType: text('rabbitmq.message.content.type'),
        declareQueue,
        durable,
        exchange: text('rabbitmq.exchange.name'),
        routingKey: text('rabbitmq.queue.routing.key'),
        retryInterval: Math.max(100, retryInterval),
      },
    };
  }

  const port = whole(HTTP_PORT, 1, 65535);
  if (port === undefined && !found.refusal) invalid(`an http inbound endpoint needs the ${HTTP_PORT} parameter: the port it listens on`, root.nameRange);
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
  return { problems, inbound: { ...common, protocol: 'http', port, dispatchPattern } };
}
