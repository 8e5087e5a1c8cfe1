// How feature text spells what a quoted string cannot hold.

/**
 * Feature text writes a newline as \n inside quoted strings (\r and \t likewise), any other
 * character as \xNN or \uNNNN (control characters, and spaces that cannot be seen).
 */
export function unescapeText(text: string): string {
  return text
    .replace(/\\n/g, '\n')
    .replace(/\\r/g, '\r')
    .replace(/\\t/g, '\t')
    .replace(/\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})/g, (_, x: string | undefined, u: string | undefined) => String.fromCharCode(parseInt(x ?? u!, 16)));
}
