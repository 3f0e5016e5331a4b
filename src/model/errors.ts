/**
 * Every problem Conduit reports carries a code from this one table. The language server's
 * diagnostics, `conduit validate` and the runtime's log lines use the same codes, and
 * docs/errors.md lists them (test/integration/error-codes.test.ts keeps the two in step).
 *
 * Add a code by adding one entry here and one row in docs/errors.md.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface ErrorDef {
  severity: Severity;
  /** One line saying what is wrong, for docs and hovers. */
  summary: string;
}

export const ERRORS = {
  // Artifacts and projects
  CONDUIT_XML_MALFORMED: { severity: 'error', summary: 'The file is not well-formed XML.' },
  CONDUIT_XML_NAMESPACE: { severity: 'error', summary: 'The artifact is not in the Synapse namespace http://ws.apache.org/ns/synapse.' },
  CONDUIT_ARTIFACT_UNKNOWN: { severity: 'error', summary: 'The root element is not a Synapse artifact Conduit knows.' },
  CONDUIT_ARTIFACT_INVALID: { severity: 'error', summary: 'The artifact is missing something it needs or holds a value that is not allowed.' },
  CONDUIT_ARTIFACT_DUPLICATE: { severity: 'error', summary: 'Two artifacts of the same kind have the same name.' },
  CONDUIT_PROJECT_NOT_FOUND: { severity: 'error', summary: 'No Synapse project (MI or Integration Studio layout, or .car file) was found at the path.' },
  CONDUIT_CAR_INVALID: { severity: 'error', summary: 'The .car file cannot be read or its descriptors are inconsistent.' },
  CONDUIT_REGISTRY_NOT_FOUND: { severity: 'error', summary: 'A registry key (gov:, conf:, resources:) does not resolve to a registry resource.' },
  CONDUIT_REFERENCE_UNRESOLVED: { severity: 'error', summary: 'A reference names an artifact that does not exist.' },

  // Validation rules
  CONDUIT_SCHEMA_UNKNOWN_ELEMENT: { severity: 'error', summary: 'The element is not allowed where it appears in the Synapse language.' },
  CONDUIT_SCHEMA_UNKNOWN_ATTRIBUTE: { severity: 'warning', summary: 'The attribute is not one the element takes; Synapse ignores it.' },
  CONDUIT_SCHEMA_MISSING_ATTRIBUTE: { severity: 'error', summary: 'A required attribute is missing (or none of the alternatives it needs is given).' },
  CONDUIT_SCHEMA_MISSING_ELEMENT: { severity: 'error', summary: 'A required child element is missing.' },
  CONDUIT_SCHEMA_INVALID_VALUE: { severity: 'error', summary: 'An attribute value is not of its type or not one of its allowed values.' },
  CONDUIT_RUNTIME_VERSION: { severity: 'warning', summary: "The construct needs a later MI than the project's runtime version (project.runtime.version in pom.xml)." },
  CONDUIT_PARAMETER_MISSING: { severity: 'error', summary: 'A message store or processor parameter the class requires is missing.' },
  CONDUIT_PARAMETER_UNKNOWN: { severity: 'warning', summary: 'A message store or processor parameter is not one the class reads.' },
  CONDUIT_PARAMETER_INVALID: { severity: 'error', summary: 'A message store or processor parameter value is not of its type (number, boolean, allowed value, cron).' },
  CONDUIT_CLASS_UNKNOWN: { severity: 'warning', summary: 'The message store or processor class is not a Synapse class; its parameters cannot be checked.' },
  CONDUIT_SEQUENCE_CYCLE: { severity: 'error', summary: 'Sequences reference each other in a cycle, so mediation would never end.' },
  CONDUIT_MEDIATOR_UNREACHABLE: { severity: 'warning', summary: 'The mediator follows respond, drop, loopback or send in the same list and never runs.' },
  CONDUIT_PAYLOAD_ARGS_MISMATCH: { severity: 'error', summary: 'A payloadFactory format uses $n placeholders that its args do not supply (or args go unused).' },
  CONDUIT_REGEX_INVALID: { severity: 'error', summary: 'A regular expression (switch case, filter, property pattern) does not compile.' },
  CONDUIT_URI_TEMPLATE_INVALID: { severity: 'error', summary: 'A URI template (resource or HTTP endpoint) is malformed.' },
  CONDUIT_XPATH_INVALID: { severity: 'error', summary: 'An XPath expression does not parse.' },
  CONDUIT_JSONPATH_INVALID: { severity: 'error', summary: 'A JSONPath expression (json-eval) does not parse.' },
  CONDUIT_VARIABLE_UNDEFINED: { severity: 'warning', summary: 'A variable is read (vars.x or $var:x) before any mediator earlier in the flow sets it, so it reads as empty.' },
  CONDUIT_FILE_NAME_MISMATCH: { severity: 'warning', summary: 'The file name differs from the artifact name, which MI tooling expects to match.' },
  CONDUIT_TEMPLATE_PARAMETER_MISSING: { severity: 'error', summary: 'A call-template does not pass a parameter its sequence template declares mandatory (ERROR_CODE 500101 at run time).' },
  CONDUIT_TEMPLATE_PARAMETER_UNKNOWN: { severity: 'warning', summary: 'A call-template or template endpoint passes a parameter its template does not declare, or an endpoint template uses `$param` inside a longer value; the template never sees it. Inside a sequence template, `$func:x`, `get-property(\'func\', \'x\')` or `params.functionParams.x` reads a parameter the template does not declare, which no call sets.' },
  CONDUIT_INTERNAL_ERROR: { severity: 'error', summary: 'Conduit failed while checking the file (a defect in Conduit, not in the file): some of its problems may be missing. Every other file is checked as usual.' },

  // Runtime: requests
  CONDUIT_REQUEST_MALFORMED: { severity: 'error', summary: 'The request body does not parse as its Content-Type says.' },
  CONDUIT_REQUEST_TOO_LARGE: { severity: 'error', summary: 'The request body is larger than the configured maximum.' },
  CONDUIT_MEDIATOR_UNKNOWN: { severity: 'error', summary: 'An element in a sequence is not a mediator the Conduit runtime knows.' },
  CONDUIT_UNSUPPORTED: { severity: 'warning', summary: 'The artifact kind, mediator or feature is valid Synapse but not run by the Conduit runtime yet; the artifact is skipped or refused.' },
  CONDUIT_DEPLOY_FAILED: { severity: 'error', summary: 'An artifact could not be deployed; the others keep running.' },
  CONDUIT_MEDIATION_FAILED: { severity: 'error', summary: 'A mediator failed while processing a message; the fault sequence ran.' },
  CONDUIT_EMPTY_FAULT_SEQUENCE: { severity: 'warning', summary: 'An empty fault sequence handled an error; Conduit answered 500 instead of leaving the client waiting.' },
  CONDUIT_EXPRESSION_INVALID: { severity: 'error', summary: 'An XPath, JSONPath or Synapse expression does not parse.' },
  CONDUIT_EXPRESSION_FAILED: { severity: 'warning', summary: 'An expression failed at run time and yielded an empty string.' },
  CONDUIT_DATAMAPPER_FAILED: { severity: 'error', summary: 'A data mapping script failed, timed out, ran out of memory or returned no object.' },
  CONDUIT_DATAMAPPER_INVALID: { severity: 'error', summary: "A TypeScript data mapping (X.ts) has a syntax or type error, so MI's build would not build it; the error is shown at its line." },
  CONDUIT_SCRIPT_FAILED: { severity: 'error', summary: 'A script mediator\'s JavaScript does not compile, threw, timed out, ran out of memory or tried to reach what scripts may not (require, process).' },
  CONDUIT_XSLT_FAILED: { severity: 'error', summary: 'An XSLT stylesheet does not compile or its transformation failed.' },

  // Runtime: endpoints
  CONDUIT_ENDPOINT_UNREACHABLE: { severity: 'error', summary: 'The back end could not be reached (connection refused, reset or timed out).' },
  CONDUIT_ENDPOINT_SUSPENDED: { severity: 'warning', summary: 'The endpoint (or every member of a failover or load-balance group) is suspended after failures and fails fast until its suspension ends.' },

  // Runtime: stores and processors
  CONDUIT_STORE_UNAVAILABLE: { severity: 'error', summary: 'The message store cannot be reached; the message was not stored.' },
  CONDUIT_STORE_FAILED: { severity: 'error', summary: 'The message store refused or failed to store the message.' },
  CONDUIT_PROCESSOR_DEACTIVATED: { severity: 'warning', summary: 'A message processor deactivated itself; its messages stay in the store.' },
  CONDUIT_PROCESSOR_DELIVERY_FAILED: { severity: 'warning', summary: 'A message processor could not deliver a message and will retry.' },
  CONDUIT_STORE_UNSUPPORTED: { severity: 'error', summary: 'The message store type (JMS, JDBC, Resequence, WSO2 MB or a custom class) is not yet supported by the embedded runtime.' },
  CONDUIT_STORE_CONFIG_INVALID: { severity: 'error', summary: 'A message store parameter is missing or holds a value that is not allowed.' },
  CONDUIT_PROCESSOR_UNSUPPORTED: { severity: 'error', summary: 'The message processor class is not one the embedded runtime supports.' },
  CONDUIT_PROCESSOR_CONFIG_INVALID: { severity: 'error', summary: 'A message processor parameter is missing or holds a value that is not allowed.' },
  CONDUIT_PROCESSOR_SEQUENCE_FAILED: { severity: 'warning', summary: 'The sequence of a sampling processor failed; the message stays in the store and is retried.' },
  CONDUIT_TASK_CONFIG_INVALID: { severity: 'error', summary: "A scheduled task's trigger or MessageInjector properties are missing, conflicting or hold a value MI does not accept." },
  CONDUIT_TASK_FAILED: { severity: 'warning', summary: 'A run of a scheduled task injected nothing or its flow faulted; the schedule continues.' },
  CONDUIT_INBOUND_CONFIG_INVALID: { severity: 'error', summary: "An inbound endpoint's parameters are missing or hold a value MI does not accept (a port that is not a number, an action that is not MOVE or DELETE, a pattern that does not compile)." },
  CONDUIT_INBOUND_UNAVAILABLE: { severity: 'error', summary: 'An inbound endpoint cannot take messages (its port is taken, its broker or folder cannot be reached, a file cannot be moved); it stays deployed, and the rest of the project runs.' },
  CONDUIT_MANAGEMENT_UNAUTHORIZED: { severity: 'warning', summary: 'A management API request came without the bearer token.' },
  CONDUIT_MANAGEMENT_UNAVAILABLE: { severity: 'error', summary: 'The management API cannot be served (its port is taken) or reached (no runtime is running for the project).' },
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ERRORS;

/** A problem found in an artifact, by the model's validation, the language server or the runtime. */
export interface Problem {
  code: ErrorCode;
  message: string;
  severity: Severity;
  /** Absolute or project-relative path of the file, when the problem is in a file. */
  file?: string;
  range?: import('./xml').Range;
}

export function problem(code: ErrorCode, message: string, at?: Pick<Problem, 'file' | 'range'>, severity?: Severity): Problem {
  return { code, message, severity: severity ?? ERRORS[code].severity, ...at };
}

/** An error thrown by the runtime or model that carries its code. */
export class ConduitError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConduitError';
  }
}

/** `file:line:col: severity CODE message`, lines and columns one-based as editors show them. */
export function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}:${(p.range?.start.line ?? 0) + 1}:${(p.range?.start.column ?? 0) + 1}: ` : '';
  return `${where}${p.severity} ${p.code} ${p.message}`;
}
