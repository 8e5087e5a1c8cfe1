// Reading the JSON log lines Prow's programs write (logrus JSON: component, level, msg, time...).

export interface LogLine {
  component?: string;
  level?: string;
  msg?: string;
  time?: string;
  [key: string]: unknown;
}

/** Splits text into the JSON log lines and the other (non-empty) lines. */
export function splitLogLines(text: string): { json: LogLine[]; other: string[] } {
  const json: LogLine[] = [];
  const other: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const parsed = parseJsonObject(line);
    if (parsed) json.push(parsed);
    else other.push(line);
  }
  return { json, other };
}

function parseJsonObject(line: string): LogLine | null {
  if (!line.startsWith('{')) return null;
  try {
    const value = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** What a conforming log line must carry. */
export function logLineProblems(line: LogLine): string[] {
  const problems: string[] = [];
  for (const key of ['component', 'level', 'msg', 'time'] as const) {
    if (typeof line[key] !== 'string' || line[key] === '') problems.push(`missing "${key}"`);
  }
  if (typeof line.time === 'string' && Number.isNaN(Date.parse(line.time))) problems.push(`"time" is not a timestamp: ${line.time}`);
  return problems;
}
