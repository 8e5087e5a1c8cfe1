// The sidecar program (started by reference/bin/sidecar), upstream cmd/sidecar/main.go: set up
// the log, read and check the options, run, and exit 0 unless entry_error is set and a test
// container failed. A missing or malformed JOB_SPEC is only logged (exit 0), as upstream does.

import { Logger, withError } from '../shared/log.js';
import { SidecarLog } from './logfile.js';
import { CONFIG_ENV_VAR, parseOptions, unsupportedOption, validateOptions, type SidecarOptions } from './options.js';
import { JobPathError } from './paths.js';
import { Interrupts, runSidecar } from './run.js';

const interrupts = new Interrupts();
let log: SidecarLog;
try {
  log = SidecarLog.create();
} catch (err) {
  new Logger('sidecar').fatal('Unable to set up log file', withError(err));
}
const logger: Logger = log!.logger; // (typed: TypeScript then sees that logger.fatal() never returns)

const json = process.env[CONFIG_ENV_VAR];
if (json === undefined) logger.fatal(`Could not resolve options: ${CONFIG_ENV_VAR} is not set (this sidecar reads only the JSON configuration, not flags)`);
let options: SidecarOptions;
try {
  options = parseOptions(json);
} catch (err) {
  logger.fatal(`Could not resolve options: ${(err as Error).message}`);
}
const unsupported = unsupportedOption(options);
if (unsupported) logger.fatal(unsupported);
const invalid = validateOptions(options);
if (invalid) logger.fatal(`Invalid options: ${invalid}`);

try {
  const { failures, err } = await runSidecar(options, { log: log!, interrupts });
  if (err) logger.error('Failed to report job status', withError(err));
  if (failures > 0 && options.entry_error) logger.fatal(`${failures} containers failed`);
  log!.remove();
  process.exit(0);
} catch (err) {
  if (!(err instanceof JobPathError)) throw err;
  logger.exit = () => process.exit(err.exitCode);
  logger.fatal(err.message);
}
