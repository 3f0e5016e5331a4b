/**
 * JSON Schema as MI's validate mediator reads it (draft-04 by default, as its validator does; draft-06/07,
 * 2019-09 and 2020-12 when `$schema` names them), compiled with Ajv. Shared by the validator, which
 * reports a schema that does not compile, and the runtime, which validates messages with it.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** A compiled schema: undefined for a valid value, else the first error as MI reports it and all errors. */
export type JsonSchemaCheck = (value: unknown) => { message: string; detail: string } | undefined;

function engineFor(schema: unknown): Ajv {
  const uri = typeof schema === 'object' && schema !== null ? String((schema as { $schema?: unknown }).$schema ?? '') : '';
  // Unknown keywords are ignored rather than refused, as MI's validator ignores them.
  const options = { strict: false, allErrors: false };
  const ajv = uri.includes('2020-12') ? new Ajv2020(options) : uri.includes('2019-09') ? new Ajv2019(options) : /draft-0[67]/.test(uri) ? new Ajv(options) : new AjvDraft04(options);
  addFormats(ajv as never);
  return ajv;
}

function describe(e: ErrorObject): string {
  return e.instancePath ? `${e.instancePath} ${e.message ?? 'is not valid'}` : (e.message ?? 'is not valid');
}

/** Compiles JSON Schema text; throws an Error saying why it is not JSON or not a valid schema. */
export function compileJsonSchema(text: string): JsonSchemaCheck {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (err) {
    throw new Error(`it is not JSON: ${(err as Error).message}`);
  }
  let validate: ValidateFunction;
  try {
    validate = engineFor(schema).compile(schema as object);
  } catch (err) {
    throw new Error(`it is not a valid JSON schema: ${(err as Error).message}`);
  }
  return (value) => {
    if (validate(value)) return undefined;
    const errors = validate.errors ?? [];
    return { message: errors.length ? describe(errors[0]) : 'the message does not match the schema', detail: JSON.stringify(errors) };
  };
}

/** Whether registry content is XML (an XML Schema) rather than JSON, judged by its first character. */
export function looksLikeXml(text: string): boolean {
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('<');
}
