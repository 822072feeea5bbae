/** What an output needs from the run that produced it. */
import type { HttpTransport } from '../http/transport';
import type { OutgoingRequest } from '../http/send';
import type { Clock, Random } from '../ports';

export interface OutputContext {
  /** Absolute path of the integration file; `file` outputs are relative to its folder. */
  file: string;
  signal?: AbortSignal;
  transport: HttpTransport;
  clock: Clock;
  random: Random;
  /** The request's timeout applies to each http output too. */
  timeoutMs: number;
  /** Throws `secret_blocked` when the request would carry a secret to an origin it is not allowed for. */
  authorizeHop(request: OutgoingRequest): Promise<void>;
}
