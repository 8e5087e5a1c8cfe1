// The entrypoint program proper, loaded by main.ts once SIGINT and SIGTERM are caught.
// Only node: built-ins are imported, so that it starts quickly.
import { Logger } from '../shared/log.js';
import { OrderedOutput } from '../shared/output.js';
import type { InterruptSignal } from './interrupts.js';
import { CONFIG_ENV_VAR, parseOptions, validateOptions, type EntrypointOptions } from './options.js';
import { runEntrypoint, wrapExitStatus } from './run.js';

export async function main(interrupted: Promise<InterruptSignal>): Promise<never> {
  // (explicitly typed so that TypeScript sees logger.fatal() never returns)
  const logger: Logger = new Logger('entrypoint');

  const json = process.env[CONFIG_ENV_VAR];
  if (json === undefined) {
    logger.fatal(`Could not resolve options: ${CONFIG_ENV_VAR} is not set (this implementation reads only the JSON configuration, not flags)`);
  }
  let options: EntrypointOptions;
  try {
    options = parseOptions(json);
  } catch (err) {
    logger.fatal(`Could not resolve options: ${(err as Error).message}`);
  }
  const invalid = validateOptions(options);
  if (invalid !== undefined) logger.fatal(`Invalid options: ${invalid}`);

  const output = new OrderedOutput();
  const code = await runEntrypoint(options, { logger, output, interrupted });
  await output.flush();
  process.exit(wrapExitStatus(code));
}
