// How feature text spells what a quoted string cannot hold.

/** Feature text writes a newline as \n inside quoted strings (\r and \t likewise). */
export function unescapeText(text: string): string {
  return text.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\t/g, '\t');
}
