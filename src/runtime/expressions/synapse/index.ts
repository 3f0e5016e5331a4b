/** Evaluation of MI 4.4 Synapse expressions (`${...}`); the grammar is in src/model/synapse-expression. */
export {
  compileSynapseExpression,
  compileTemplate,
  evaluateSynapseExpression,
  evaluateSynapseExpressionStrict,
  evaluateSynapseExpressionToString,
  evaluateTemplate,
  type CompiledSynapseExpression,
  type CompiledTemplate,
} from './evaluate';
export { scopeFromMessage, type MessageScopeOptions, type SynapseScope } from './scope';
export { asString, renderResult, SynapseEvaluationError, SynapseNumber, type NumberType } from './values';
