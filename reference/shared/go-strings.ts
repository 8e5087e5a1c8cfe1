// Go's string helpers whose JavaScript look-alikes differ: strings.TrimSpace (JavaScript's trim
// also takes a byte order mark, and leaves U+0085) and strconv.Quote, which is what %q writes in
// the error messages users read (JSON.stringify leaves DEL and a no-break space as they are, and
// writes \u0007 where Go writes \a).

/** unicode.IsSpace, i.e. what strings.TrimSpace trims: the ASCII blanks and Unicode's White_Space. */
export const GO_ASCII_SPACES = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20];
export const GO_UNICODE_SPACES = [0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
const SPACE = new RegExp(`[${[...GO_ASCII_SPACES, ...GO_UNICODE_SPACES].map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('')}]`);
const LEADING = new RegExp(`^${SPACE.source}+`);
const TRAILING = new RegExp(`${SPACE.source}+$`);

export function goTrimSpace(s: string): string {
  return s.replace(LEADING, '').replace(TRAILING, '');
}

const ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols, and the ASCII space only. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (c < 0x80 ? c >= 0x20 && c < 0x7f : PRINTABLE.test(ch)) out += ch;
    else if (c < 0x80) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
