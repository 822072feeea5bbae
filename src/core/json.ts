/**
 * Reading JSON text that may not be JSON (a response body, a log line, a curl `--data`): one
 * place that parses without throwing. Blank text is not JSON.
 */

/** The parsed value, or undefined when `text` is not JSON. (`null` is JSON: it parses to null.) */
export function parseJson(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** The parsed value when it is an object or an array, else undefined. */
export function parseJsonContainer(text: string): Record<string, unknown> | unknown[] | undefined {
  const v = parseJson(text);
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown> | unknown[]) : undefined;
}

/** The parsed value when it is an object (not an array, not null), else undefined. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const v = parseJsonContainer(text);
  return v !== undefined && !Array.isArray(v) ? v : undefined;
}
