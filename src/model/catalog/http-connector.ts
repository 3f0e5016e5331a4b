/**
 * The MI 4.4 HTTP connector (wso2-extensions/mi-connector-http) as MI for VS Code writes it: a connection
 * (`<localEntry><http.init>...</http.init></localEntry>`, turned by MI into an HTTP endpoint with its
 * timeout, suspension and authentication) and one operation per HTTP method, each naming its connection
 * with `configKey` and taking its parameters as child elements.
 */
import { bool, int, secret, str, type ParameterSpec } from './parameters';
import type { ConnectorSpec } from './connectors';

const enumeration = (name: string, doc: string, values: readonly string[], def?: string): ParameterSpec => ({ name, type: 'enum', doc, values, default: def });
const codes = (name: string, doc: string): ParameterSpec => ({ name, type: 'string', doc: `${doc} A comma-separated list of error codes.` });

/** The connection, as `<http.init>` children; `name` is the connection's own name. */
const CONNECTION: readonly ParameterSpec[] = [
  str('name', 'The connection name (MI for VS Code writes the local entry key).'),
  enumeration('connectionType', 'HTTP or HTTPS.', ['HTTP', 'HTTPS', 'http', 'https'], 'HTTP'),
  { ...str('baseUrl', 'The base URL every operation\'s relativePath is appended to, e.g. `http://localhost:9090/api`.'), required: true },
  enumeration('authType', 'How requests authenticate.', ['None', 'Basic Auth', 'OAuth'], 'None'),
  str('basicCredentialsUsername', 'Basic Auth: the user name.'),
  secret('basicCredentialsPassword', 'Basic Auth: the password.'),
  enumeration('oauthGrantType', 'OAuth: the grant used to get an access token.', ['Client Credentials', 'Password', 'Authorization Code'], 'Authorization Code'),
  enumeration('oauthAuthorizationMode', 'OAuth: whether the client credentials go to the token URL in the Authorization header or in the form body.', ['Header', 'Payload'], 'Header'),
  str('oauthClientClientId', 'OAuth client credentials: the client id.'),
  secret('oauthClientClientSecret', 'OAuth client credentials: the client secret.'),
  str('oauthClientTokenUrl', 'OAuth client credentials: the token endpoint.'),
  str('oauthClientAdditionalProperties', 'OAuth client credentials: more form parameters for the token request, `name:value,name:value`.'),
  str('oauthPasswordClientId', 'OAuth password grant: the client id.'),
  secret('oauthPasswordClientSecret', 'OAuth password grant: the client secret.'),
  str('oauthPasswordTokenUrl', 'OAuth password grant: the token endpoint.'),
  str('oauthPasswordUsername', 'OAuth password grant: the resource owner\'s user name.'),
  secret('oauthPasswordPassword', 'OAuth password grant: the resource owner\'s password.'),
  str('oauthPasswordAdditionalProperties', 'OAuth password grant: more form parameters, `name:value,name:value`.'),
  str('oauthAuthorizationClientId', 'OAuth authorization code grant: the client id.'),
  secret('oauthAuthorizationClientSecret', 'OAuth authorization code grant: the client secret.'),
  str('oauthAuthorizationTokenUrl', 'OAuth authorization code grant: the token endpoint.'),
  secret('oauthAuthorizationRefreshToken', 'OAuth authorization code grant: the refresh token exchanged for access tokens.'),
  str('oauthAuthorizationAdditionalProperties', 'OAuth authorization code grant: more form parameters, `name:value,name:value`.'),
  int('timeoutDuration', 'Milliseconds to wait for the back end\'s answer (default 60000).', undefined, 1),
  enumeration('timeoutAction', 'What a timeout does: Never, Discard the late answer, or Fault.', ['Never', 'Discard', 'Fault'], 'Never'),
  codes('retryErrorCodes', 'Errors that mark the connection for suspension and are retried (default 101504, 101505).'),
  int('retryCount', 'Failures with a retry error code tolerated before the connection is suspended.', '0', 0),
  int('retryDelay', 'Milliseconds after such a failure during which the connection fails fast.', '0', 0),
  codes('suspendErrorCodes', 'Errors that suspend the connection at once (default: every error).'),
  int('suspendInitialDuration', 'Milliseconds of the first suspension (-1: 30000).', '-1'),
  { name: 'suspendProgressionFactor', type: 'number', doc: 'Each further suspension lasts the previous one times this factor.', default: '1' },
  int('suspendMaximumDuration', 'Longest suspension in milliseconds.'),
  str('trustStoreCertificatePath', 'HTTPS: the server certificate to trust.'),
  str('certificateInputType', 'HTTPS: how the certificate is given.'),
  str('miscellaneousDescription', 'A description of the generated endpoint.'),
  str('miscellaneousProperties', 'Endpoint properties, `name:scope:value,...`.'),
  str('statistics', 'Statistics of the generated endpoint (enable or disable).'),
  str('trace', 'Tracing of the generated endpoint (enable or disable).'),
  str('qualityServiceAddressOption', 'WS-Addressing on the generated endpoint.'),
  str('qualityServiceAddressVersion', 'WS-Addressing version.'),
  str('qualityServiceAddressSeparateListener', 'WS-Addressing separate listener.'),
  str('qualityServiceSecurityOption', 'WS-Security on the generated endpoint.'),
  str('qualityServiceSecurityPolicyKey', 'WS-Security policy key.'),
  str('qualityServiceSecurityInboundOutboundPolicyOption', 'Separate inbound and outbound WS-Security policies.'),
  str('qualityServiceSecurityInboundPolicyKey', 'Inbound WS-Security policy key.'),
  str('qualityServiceSecurityOutboundPolicyKey', 'Outbound WS-Security policy key.'),
];

/** What every operation takes, before its method's own parameters. */
const COMMON: readonly ParameterSpec[] = [
  { ...str('relativePath', 'Appended to the connection\'s base URL; may hold `${...}` expressions and a query string, e.g. `/users/${params.pathParams.id}?expand=true`.'), type: 'string' },
  str('headers', 'Request headers as a JSON array of `["Name","value"]` pairs (or `{"Name":"value"}` objects); values may hold `${...}`.'),
];

const BODY: readonly ParameterSpec[] = [
  enumeration('requestBodyType', 'The kind of request body: JSON, XML or TEXT; the Content-Type follows it.', ['JSON', 'XML', 'TEXT']),
  str('requestBodyJson', 'The JSON body; may hold `${...}` expressions.'),
  str('requestBodyXml', 'The XML body; may hold `${...}` expressions.'),
  str('requestBodyText', 'The text body; may hold `${...}` expressions.'),
];

/** The Axis2 transport properties each operation passes on to the call. */
const TRANSPORT: readonly ParameterSpec[] = [
  bool('postToUri', 'POST_TO_URI: send the full URL in the request line.', 'false'),
  bool('forceScAccepted', 'FORCE_SC_ACCEPTED: answer the client 202 at once.', 'false'),
  bool('disableChunking', 'DISABLE_CHUNKING: send a Content-Length instead of chunks.', 'false'),
  bool('noEntityBody', 'NO_ENTITY_BODY: send no body.'),
  bool('forceHttp10', 'FORCE_HTTP_1.0: speak HTTP/1.0 to the back end.', 'false'),
  str('httpSc', 'HTTP_SC: the status code set before the call.'),
  str('nonErrorHttpStatusCodes', 'non.error.http.status.codes: status codes that are not errors.'),
  str('httpScDesc', 'HTTP_SC_DESC: the reason phrase.'),
  bool('faultsAsHttp200', 'FAULTS_AS_HTTP_200: answer SOAP faults with 200.'),
  bool('noKeepAlive', 'NO_KEEPALIVE: close the connection after the call.', 'false'),
  str('restUrlPostfix', 'REST_URL_POSTFIX (removed before the call, as the connector does).'),
  str('requestHostHeader', 'REQUEST_HOST_HEADER: the Host header to send.'),
  bool('forcePostPutNobody', 'FORCE_POST_PUT_NOBODY: POST or PUT without a body.', 'false'),
  bool('forceHttpContentLength', 'FORCE_HTTP_CONTENT_LENGTH: send a Content-Length.', 'false'),
  bool('copyContentLengthFromIncoming', 'COPY_CONTENT_LENGTH_FROM_INCOMING: keep the incoming Content-Length.'),
];

/** MI 4.4's InvokeMediator: where the answer goes. */
export const RESPONSE: readonly ParameterSpec[] = [
  str('responseVariable', 'The variable that receives the answer as `{payload, headers, attributes: {statusCode}}`; the message body stays as it was unless overwriteBody is true.'),
  bool('overwriteBody', 'Replace the message body with the answer (the variable then holds only headers and attributes).', 'false'),
];

const operation = (method: string, withBody: boolean) => ({
  name: method.toLowerCase(),
  doc: `Sends an HTTP ${method} to the connection's base URL plus relativePath${withBody ? ', with the request body given' : ''}.`,
  parameters: [...COMMON, ...(withBody ? BODY : []), ...TRANSPORT, ...RESPONSE],
});

export const HTTP_CONNECTOR: ConnectorSpec = {
  name: 'http',
  displayName: 'HTTP',
  doc: 'The HTTP connector (MI 4.4): calls a REST back end through a connection holding its base URL, authentication, timeout and suspension rules.',
  connection: CONNECTION,
  operations: [
    operation('GET', false),
    operation('POST', true),
    operation('PUT', true),
    operation('DELETE', false),
    operation('PATCH', true),
    operation('HEAD', true),
    operation('OPTIONS', true),
  ],
};
