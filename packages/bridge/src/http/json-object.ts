/**
 * A body parsed as a JSON object, or undefined when it is not one (HTML from a proxy, an empty body,
 * an array, broken JSON). For reading error envelopes, where nothing may throw.
 */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  const trimmed = body.trimStart();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
