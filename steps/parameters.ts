// Parameter types of the step language: durations as written in features ("1s", "200ms") and
// signal names.
import { defineParameterType } from '@cucumber/cucumber';
import { parseDurationMs } from '../harness/timing.js';
import { isSignalName, type SignalName } from '../harness/process/signals.js';

defineParameterType({
  name: 'duration',
  regexp: /\d+(?:\.\d+)?(?:ms|s|m|h)/,
  transformer: (text: string): number => parseDurationMs(text),
});

defineParameterType({
  name: 'signal',
  regexp: /SIG[A-Z0-9]+/,
  transformer: (text: string): SignalName => {
    if (!isSignalName(text)) throw new Error(`unknown signal ${text}`);
    return text;
  },
});
