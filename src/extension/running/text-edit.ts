/** The smallest single replacement that turns `before` into `after` (pure, unit-tested): keeps undo and cursors sane. */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

export function minimalReplacement(before: string, after: string): Replacement {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}
