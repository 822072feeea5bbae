/** `ion curl FILE [--env NAME] [--input JSON] [--var K=V]...`: the request as a curl command, secrets as $ION_SECRET_* names. */
import { renderCurl, UnknownEnvironmentError } from '../../core/engine';
import { IonError } from '../../core/errors';
import { flagString, parseArgs, UsageError } from '../args';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, ionErrorText, type CliIO } from '../io';
import { loadIntegration, onePositional, parseInputFlag, parseVarFlags } from './run';

export async function curlCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { env: { value: true }, input: { value: true }, var: { value: true, repeat: true } });
  const file = onePositional(args, 'curl');
  const { path, parsed } = await loadIntegration(file, io.cwd);
  try {
    io.out(await renderCurl(parsed, { file: path, environment: flagString(args, 'env'), input: parseInputFlag(flagString(args, 'input')), vars: parseVarFlags(args), env: io.env }));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UnknownEnvironmentError) throw new UsageError(e.message);
    if (e instanceof IonError) {
      io.err(ionErrorText(file, e, (o) => parsed.position(o)));
      return e.code === 'invalid_file' ? EXIT_USAGE : EXIT_FAILED;
    }
    throw e;
  }
}
