// Reading a JSON file the user gave or the project pins: an unreadable or malformed one is
// unusable input (exit status 2), reported in one line naming the file.
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

export function readJsonFile(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${what} ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
}
