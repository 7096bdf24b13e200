import { redact, redactValue } from '../redaction/redact.js';
import type { Logger } from './logger.js';

/** The levels the HTTP layer writes at. */
type Level = 'debug' | 'info' | 'warn';

/** Writes to a {@link Logger} with every message and field redacted, never letting the logger break a request. */
export type RequestLog = (level: Level, message: string, fields: Record<string, unknown>) => void;

/** A {@link RequestLog} on `logger` that tags every record with the provider. */
export function createRequestLog(logger: Logger, provider: string): RequestLog {
  return (level, message, fields) => {
    try {
      logger[level](redact(message), redactValue({ provider, ...fields }) as Record<string, unknown>);
    } catch {
      // A failing logger must not turn a successful request into a failed one.
    }
  };
}
