// How feature text spells what a quoted string cannot hold.

/** Feature text writes a newline as \n inside quoted strings. */
export function unescapeText(text: string): string {
  return text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}
