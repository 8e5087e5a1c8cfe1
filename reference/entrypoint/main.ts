// The entrypoint program (started by reference/bin/entrypoint). SIGINT and SIGTERM are caught
// before anything else is loaded: as PID 1 of its container, entrypoint loses a signal that
// arrives before it has a handler, and every module loaded first widens that window (the
// README measures it). A signal caught here is acted on as soon as there is a test to pass it
// on to.
import { catchInterrupts } from './interrupts.js';

const interrupted = catchInterrupts();
const { main } = await import('./program.js');
await main(interrupted);
