/** Validation of Synapse projects, and the language tables it checks against. */
export { validateArtifact, validateProject, validateProjectRules } from './validate';
export { ProjectIndex } from './project-index';
export { REFERENCE_LABELS } from './reference-rules';
export * from './schema';
export { valueError as parameterValueError } from './parameter-rules';
