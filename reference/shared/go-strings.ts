// Go's string helpers whose JavaScript look-alikes differ: strings.TrimSpace (JavaScript's trim
// also takes a byte order mark, and leaves U+0085) and strconv.Quote, which is what %q writes in
// the error messages users read (JSON.stringify leaves DEL and a no-break space as they are, and
// writes \u0007 where Go writes \a).

/** unicode.IsSpace: the ASCII blanks and Unicode's White_Space. */
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
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
