// The values of an INI file, as gopkg.in/ini.v1 (upstream's reader for ini_filenames) reads
// them with its default options, for what secrets files hold: sections, "key = value" or
// "key: value", whole-line comments (# or ;). A value between """ or ` is taken as it is, over
// several lines until the closing quote (none before the end fails the file). Otherwise a value
// ending with \ continues on the next line (joined as they are); else it is cut at the first #
// or ; (an inline comment, even inside the value) and loses one pair of surrounding quotes when
// it holds no other. A line that is neither a section nor a key fails the file.

export function iniValues(text: string): string[] {
  // each line with its newline, as ini.v1 reads them (the last one may have none)
  const lines = text.replace(/^\uFEFF/, '').split(/(?<=\n)/);
  const values: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || line.startsWith('[')) continue;
    const at = line.search(/[=:]/);
    if (at < 0) throw new Error(`key-value delimiter not found: ${line}`);
    if (at === 0) throw new Error(`empty key name: ${line}`);
    // (what follows the delimiter keeps its newline, as ini.v1 reads it)
    const value = lines[i].trimStart().slice(at + 1).replace(/^\s+/, '');
    const following = (): string | undefined => lines[++i];
    values.push(iniValue(value, following));
  }
  return values;
}

/** `v`: what follows the delimiter, its newline included; `next`: the following line, if any. */
function iniValue(v: string, next: () => string | undefined): string {
  if (v === '') return '';
  const quote = v.length > 3 && v.startsWith('"""') ? '"""' : v.startsWith('`') ? '`' : '';
  if (quote) {
    const end = v.indexOf(quote, quote.length) < 0 ? -1 : v.lastIndexOf(quote);
    if (end >= 0) return v.slice(quote.length, end);
    let value = v.slice(quote.length);
    for (;;) {
      const line = next();
      if (line === undefined) throw new Error(`missing closing key quote from ${JSON.stringify(v)} to ""`);
      const close = line.lastIndexOf(quote);
      if (close >= 0) return value + line.slice(0, close);
      value += line;
      if (!line.endsWith('\n')) throw new Error(`missing closing key quote from ${JSON.stringify(v)} to ${JSON.stringify(line)}`);
    }
  }
  let value = v.trim();
  if (value.endsWith('\\')) {
    value = value.slice(0, -1);
    for (;;) {
      const line = next()?.trim() ?? '';
      if (line === '') return value;
      value += line;
      if (!value.endsWith('\\')) return value;
      value = value.slice(0, -1);
    }
  }
  const comment = value.search(/[#;]/);
  if (comment >= 0) value = value.slice(0, comment).trim();
  const surrounded = (q: string): boolean => value.length >= 2 && value.startsWith(q) && value.endsWith(q) && value.indexOf(q, 1) === value.length - 1;
  return surrounded('"') || surrounded("'") ? value.slice(1, -1) : value;
}
