/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), checked field by
 * field so the message says which one is wrong. Accepted per field: `*`, `?` (day fields), numbers,
 * names (JAN-DEC, SUN-SAT), ranges `a-b`, steps `*\/n` and `a-b/n` and `a/n`, lists `a,b`.
 */

export interface CronProblem {
  message: string;
  /** Offsets within the expression. */
  start: number;
  end: number;
  /** 0-4, or -1 for the expression as a whole. */
  field: number;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  question?: boolean;
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], question: true },
];

const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function value(text: string, spec: FieldSpec): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (spec.names) {
    const i = spec.names.indexOf(text.toUpperCase());
    if (i >= 0) return i + spec.min;
  }
  return undefined;
}

function describe(spec: FieldSpec): string {
  const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
  return `${spec.min}-${spec.max}${names}`;
}

function checkField(text: string, index: number): string | undefined {
  const spec = FIELDS[index];
  const label = `cron field ${index + 1} (${spec.name})`;
  for (const part of text.split(',')) {
    if (part === '') return `${label} \`${text}\` has an empty list entry`;
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) return `${label} \`${part}\` has more than one \`/\``;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `${label} \`${part}\`: the step after \`/\` must be a whole number of 1 or more`;
    if (range === '*') continue;
    if (range === '?' && spec.question && step === undefined) continue;
    const ends = range.split('-');
    if (ends.length > 2 || ends.some((e) => e === '')) return `${label} \`${part}\` is not a number, a range \`a-b\`, \`*\` or a step \`*/n\``;
    const nums: number[] = [];
    for (const e of ends) {
      const n = value(e, spec);
      if (n === undefined) return `${label} \`${e}\` is not a number${spec.names ? ' or a name' : ''} (allowed: ${describe(spec)})`;
      if (n < spec.min || n > spec.max) return `${label} \`${e}\` is out of range (allowed: ${describe(spec)})`;
      nums.push(n);
    }
    if (nums.length === 2 && nums[0] > nums[1]) return `${label} \`${range}\`: the range runs backwards`;
  }
  return undefined;
}

/** Problems of a 5-field cron expression (empty when it is valid). */
export function checkCron(expr: string): CronProblem[] {
  const trimmed = expr.trim();
  const lead = expr.length - expr.trimStart().length;
  if (trimmed.startsWith('@')) {
    const eq = NICKNAMES[trimmed.toLowerCase()];
    return [
      {
        message: eq ? `write the 5 cron fields instead of \`${trimmed}\`: \`${eq}\`` : `\`${trimmed}\` is not a cron expression: write 5 fields (minute hour day-of-month month day-of-week)`,
        start: lead,
        end: lead + trimmed.length,
        field: -1,
      },
    ];
  }
  const fields: Array<{ text: string; start: number }> = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr)) !== null) fields.push({ text: m[0], start: m.index });
  if (fields.length !== 5) {
    return [
      {
        message: `a cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has ${fields.length}${fields.length === 6 ? ' (seconds are not supported)' : ''}`,
        start: lead,
        end: Math.max(lead + trimmed.length, lead + 1),
        field: -1,
      },
    ];
  }
  const out: CronProblem[] = [];
  fields.forEach((f, i) => {
    const message = checkField(f.text, i);
    if (message) out.push({ message, start: f.start, end: f.start + f.text.length, field: i });
  });
  return out;
}
