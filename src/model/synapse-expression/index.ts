/**
 * The MI 4.4 Synapse expression language (`${...}`): grammar, syntax tree, function table and template
 * scanning. Pure: shared by the runtime (evaluation) and the language server (diagnostics, completion).
 */
export type * from './ast';
export { JSONPATH_FUNCTIONS, FILTER_OPERATORS } from './ast';
export { parseSynapseExpression, type SynapseParseResult, type SynapseSyntaxError } from './parse';
export { findTemplateExpressions, wholeExpression, type TemplateExpression } from './template';
export { SYNAPSE_FUNCTIONS, synapseFunction, type FunctionInfo, type FunctionCategory } from './functions';
export { variablesReferenced, forEachExpr } from './walk';
