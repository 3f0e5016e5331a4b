/**
 * What a message store or message processor class is, as Synapse's sources define it: the parameters it
 * reads with their type, default and meaning. Validation checks `<parameter>`s against it, the language
 * server completes and explains them from it, the wizards write them, and the runtime's factories read
 * from the same entries which classes it runs.
 */
export type ParameterType = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'cron' | 'sequence' | 'endpoint' | 'messageStore';

export interface ParameterSpec {
  name: string;
  type: ParameterType;
  doc: string;
  default?: string;
  required?: boolean;
  values?: readonly string[];
  /** Smallest allowed number, for integer and number parameters. */
  min?: number;
  /** A secret: never shown in hovers with its value. */
  secret?: boolean;
}

export interface ClassSpec {
  className: string;
  kind: 'messageStore' | 'messageProcessor';
  label: string;
  doc: string;
  parameters: readonly ParameterSpec[];
  /** Sets of parameters of which one set must be complete (e.g. a JDBC URL or a data source). */
  requiredOneOf?: readonly (readonly string[])[];
  /** Parameter names outside the table that the class still reads (e.g. JNDI `queue.<name>`). */
  openNames?: RegExp;
  /** Older class names MI still accepts for this class. */
  aliases?: readonly string[];
  /** How the Conduit runtime names the class when it refuses to run it; absent when it runs it. */
  notRun?: string;
}

export const bool = (name: string, doc: string, def?: string): ParameterSpec => ({ name, type: 'boolean', doc, default: def });
export const int = (name: string, doc: string, def?: string, min?: number): ParameterSpec => ({ name, type: 'integer', doc, default: def, min });
export const str = (name: string, doc: string, def?: string): ParameterSpec => ({ name, type: 'string', doc, default: def });
export const secret = (name: string, doc: string, def?: string): ParameterSpec => ({ name, type: 'string', doc, default: def, secret: true });

export function parameterSpec(spec: ClassSpec, name: string): ParameterSpec | undefined {
  return spec.parameters.find((p) => p.name === name);
}
