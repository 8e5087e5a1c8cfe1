// The values of an INI file, as gopkg.in/ini.v1 (upstream's reader for ini_filenames) reads
// them with its default options, for what secrets files hold: sections, "key = value" or
// "key: value", whole-line comments (# or ;), and values cut at the first # or ; (an inline
// comment, even inside the value) and then stripped of one pair of surrounding quotes; a value
// between """ or ` is taken as it is. A line that is neither a section nor a key fails the file.

export function iniValues(text: string): string[] {
  const values: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || line.startsWith('[')) continue;
    const at = line.search(/[=:]/);
    if (at < 0) throw new Error(`key-value delimiter not found: ${line}`);
    if (at === 0) throw new Error(`empty key name: ${line}`);
    values.push(iniValue(line.slice(at + 1).trimStart()));
  }
  return values;
}

function iniValue(v: string): string {
  if (v === '') return '';
  for (const quote of ['"""', '`']) {
    if (v.startsWith(quote) && v.length > quote.length) {
      const end = v.lastIndexOf(quote);
      if (end >= quote.length) return v.slice(quote.length, end);
    }
  }
  let value = v.trim();
  const comment = value.search(/[#;]/);
  if (comment >= 0) value = value.slice(0, comment).trim();
  const quoted = (q: string): boolean => value.length >= 2 && value.startsWith(q) && value.endsWith(q);
  return quoted('"') || quoted("'") ? value.slice(1, -1) : value;
}
