/** Entry of `dist/demo-server.js`: runs the demo API until SIGINT/SIGTERM. */
import { runDemoCli } from './cli';

const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };

void runDemoCli(process.argv.slice(2), io).then((result) => {
  if (typeof result === 'number') {
    process.exitCode = result;
    return;
  }
  const stop = (signal: string) => {
    io.out(`\n${signal}: stopping the demo API\n`);
    result.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
});
