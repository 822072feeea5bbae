/** The seams filled with the real parts: the QuickJS transform, real outputs, and a run log when given. */
import { deliverOutputs } from '../output/deliver';
import type { RunLog } from '../runlog';
import { transformHook } from '../transform/hook';
import type { RunHooks } from './seams';

export function defaultRunHooks(options: { runLog?: RunLog } = {}): RunHooks {
  const { runLog } = options;
  return {
    transform: transformHook,
    deliverOutputs,
    recordRun: runLog ? (entry) => runLog.append(entry) : undefined,
  };
}
