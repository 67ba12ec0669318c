// Every table, re-exported from the feature or kit module that owns it, so Drizzle sees one schema.
export * from '../features/registry/schema.js';
export * from '../kit/auth/schema.js';
export * from '../kit/audit-schema.js';
export * from '../features/publishing/schema.js';
export * from '../features/compose/schema.js';
export * from '../features/approvals/schema.js';
export * from '../features/planning/schema.js';
export * from '../features/connections/schema.js';
export * from '../features/listening/schema.js';
