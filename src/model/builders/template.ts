/**
 * Sequence and endpoint templates as MI's tooling writes them: `<parameter name isMandatory defaultValue>`
 * declarations, then a `<sequence>` body (parameters read as `$func:p` or `${params.functionParams.p}`) or an
 * `<endpoint name="$name">` body whose `$p` placeholders the referring endpoint fills in.
 */
import { el, type XmlElement } from '../xml';
import { endpointDefinition, ENDPOINT_METHODS } from './endpoint';
import type { ExpressionStyle } from './expression-style';
import { checkName, checkUrl, type Field } from './fields';
import { synapseRoot } from './synapse-element';

export type TemplateType = 'sequence' | 'http-endpoint' | 'address-endpoint';

export interface TemplateParameter {
  name: string;
  mandatory: boolean;
  defaultValue?: string;
}

const PARAMETER = /^([A-Za-z_][A-Za-z0-9_.-]*)(\*)?(?:\s*=\s*(.*))?$/;
/** A `$name` placeholder of an endpoint template; `{uri.var.x}` variables are the endpoint's own business. */
const PLACEHOLDER = /\$([A-Za-z_][A-Za-z0-9_]*)/;
/**
 * Synapse fills `$name` with the referring endpoint's name, and MI's tooling never declares it. (`$uri`, filled
 * from the referring endpoint's `uri`, is declared like any other placeholder, as MI's samples do.)
 */
const IMPLICIT = new Set(['name']);

/**
 * `orderId*, currency=EUR, note` → orderId (mandatory), currency (default EUR), note. With `plain`, only
 * names are accepted (endpoint templates substitute `$p` text and know no defaults).
 */
export function parseTemplateParameters(value: string, plain = false): TemplateParameter[] {
  const out: TemplateParameter[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = PARAMETER.exec(part);
    if (!m) throw new Error(`"${part}" is not a parameter: start with a letter or "_"`);
    const [, name, star, defaultValue] = m;
    if (plain && (star || defaultValue !== undefined)) throw new Error(`"${part}": endpoint template parameters are plain names`);
    if (star && defaultValue !== undefined) throw new Error(`"${part}": a mandatory parameter takes no default`);
    if (out.some((p) => p.name === name)) throw new Error(`${name} is listed twice`);
    out.push({ name, mandatory: star !== undefined, defaultValue });
  }
  return out;
}

function parameterCheck(plain: boolean): (value: string) => string | undefined {
  return (value) => {
    try {
      parseTemplateParameters(value, plain);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  };
}

/**
 * An endpoint template's address: one `$uri`-style placeholder, or an absolute URL without any, since MI
 * substitutes whole values only (a `$p` inside a URL would be sent as written).
 */
export function checkTemplateUri(value: string): string | undefined {
  if (value.trim() === '') return 'A URI is required';
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return undefined;
  if (PLACEHOLDER.test(value)) return 'MI fills in only a whole $-value: write $uri (or another single $param) and give each endpoint its full URL';
  return checkUrl(value);
}

/** The method choice that writes no `method` attribute, so the request's own method is used. */
export const SAME_METHOD = '(same as the request)';

const uriField: Field = {
  name: 'uri',
  label: 'URI',
  source: { kind: 'text' },
  defaultValue: '$uri',
  required: true,
  check: checkTemplateUri,
  hint: 'A $-placeholder the endpoint that uses the template fills in (keep $uri), or a fixed URL',
};
const endpointParameters: Field = {
  name: 'parameters',
  label: 'More parameters',
  source: { kind: 'text' },
  defaultValue: '',
  check: parameterCheck(true),
  hint: 'Comma-separated names for other $-values; the URI\'s placeholder is declared already',
};

export interface TemplateTypeInfo {
  type: TemplateType;
  label: string;
  description: string;
  fields: readonly Field[];
}

export const TEMPLATE_TYPES: readonly TemplateTypeInfo[] = [
  {
    type: 'sequence',
    label: 'Sequence Template',
    description: 'Mediation reused through <call-template> with parameters',
    fields: [
      {
        name: 'parameters',
        label: 'Parameters',
        source: { kind: 'text' },
        defaultValue: '',
        check: parameterCheck(false),
        hint: 'Comma-separated; name* is mandatory, name=value has a default, e.g. orderId*, currency=EUR',
      },
    ],
  },
  {
    type: 'http-endpoint',
    label: 'HTTP Endpoint Template',
    description: 'An HTTP endpoint whose URI and parameters each endpoint fills in',
    fields: [
      uriField,
      { name: 'method', label: 'HTTP method', source: { kind: 'choice', options: [SAME_METHOD, ...ENDPOINT_METHODS] }, defaultValue: SAME_METHOD },
      endpointParameters,
    ],
  },
  {
    type: 'address-endpoint',
    label: 'Address Endpoint Template',
    description: 'An address endpoint whose URI each endpoint fills in',
    fields: [uriField, endpointParameters],
  },
];

export interface TemplateState {
  name: string;
  type: TemplateType;
  /** Field values by field name (`parameters`, `uri`, `method`); missing ones take the field's default. */
  values?: Record<string, string>;
  /** The log the body of a sequence template starts with: MI 4.4 `${...}` or the classic `$func:` form. */
  expressionStyle?: ExpressionStyle;
}

function parameterElement(p: TemplateParameter): XmlElement {
  return el('parameter', { name: p.name, isMandatory: String(p.mandatory), defaultValue: p.defaultValue });
}

/** A log of the parameters' values, so a new template shows what it was called with. */
function sequenceBody(name: string, params: TemplateParameter[], style: ExpressionStyle | undefined): XmlElement {
  if (style === 'mi44') {
    const shown = params.length ? params.map((p) => `${p.name}=\${params.functionParams.${p.name}}`).join(', ') : '${payload}';
    return el('sequence', {}, [el('log', { category: 'INFO' }, [el('message', {}, [`${name}: ${shown}`])])]);
  }
  if (params.length === 0) return el('sequence', {}, [el('log', { level: 'full' })]);
  return el('sequence', {}, [
    el('log', { level: 'custom' }, params.map((p) => el('property', { name: p.name, expression: `$func:${p.name}` }))),
  ]);
}

export function buildTemplate(state: TemplateState): XmlElement {
  const problem = checkName(state.name);
  if (problem) throw new Error(`template: ${problem}`);
  const info = TEMPLATE_TYPES.find((t) => t.type === state.type);
  if (!info) throw new Error(`unknown template type ${state.type}`);
  const value = (name: string) => state.values?.[name] ?? info.fields.find((f) => f.name === name)?.defaultValue ?? '';
  if (state.type === 'sequence') {
    const params = parseTemplateParameters(value('parameters'));
    return synapseRoot('template', { name: state.name }, [...params.map(parameterElement), sequenceBody(state.name, params, state.expressionStyle)]);
  }
  const uri = value('uri');
  const uriProblem = checkTemplateUri(uri);
  if (uriProblem) throw new Error(`template: ${uriProblem}`);
  const placeholder = PLACEHOLDER.exec(uri)?.[1];
  const names = new Set(placeholder && !IMPLICIT.has(placeholder) ? [placeholder] : []);
  for (const p of parseTemplateParameters(value('parameters'), true)) names.add(p.name);
  const method = value('method');
  const definition = endpointDefinition(state.type === 'http-endpoint' ? 'http' : 'address', uri, method === SAME_METHOD ? undefined : method);
  return synapseRoot('template', { name: state.name }, [
    ...[...names].map((name) => el('parameter', { name })),
    el('endpoint', { name: '$name' }, [definition]),
  ]);
}
