export { isSecretField, REDACTED, redact, redactUrl, redactValue } from './redact.js';
export { registerSecret } from './secret-registry.js';
