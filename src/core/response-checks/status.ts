/** `validate.status`: default any 2xx; a list names exactly the successes. */
import { codeForStatus, type ErrorCode } from '../errors';

export type StatusVerdict = { ok: true } | { ok: false; code: ErrorCode; message: string };

export function checkStatus(status: number, allowed: readonly number[] | undefined): StatusVerdict {
  if (allowed && allowed.length > 0) {
    if (allowed.includes(status)) return { ok: true };
    if (status >= 200 && status < 300) {
      return { ok: false, code: 'validation_failed', message: `status ${status} is not one validate.status lists (${allowed.join(', ')})` };
    }
    return { ok: false, code: codeForStatus(status), message: `the server answered ${status}` };
  }
  if (status >= 200 && status < 300) return { ok: true };
  return { ok: false, code: codeForStatus(status), message: `the server answered ${status}` };
}
