// The Content-Type of an object uploaded to a bucket, as upstream's comes about: Go's mime
// package by the object's extension (its built-in table, then the machine's MIME database, then
// gcs_options.mediaTypes), and when that gives nothing, the blob library sniffs the first 512
// bytes (net/http DetectContentType). The machine's database makes some types (.log, .yaml)
// differ from one machine to another, for upstream as for this sidecar: set mediaTypes for them.

import fs from 'node:fs';
import { goQuote, goTrimSpace } from '../../shared/go-strings.js';

// Go 1.26's mime built-in table: every machine has these, and they win over its database
const BUILTIN: Record<string, string> = {
  '.ai': 'application/postscript', '.apk': 'application/vnd.android.package-archive', '.apng': 'image/apng',
  '.avif': 'image/avif', '.bin': 'application/octet-stream', '.bmp': 'image/bmp', '.com': 'application/octet-stream',
  '.css': 'text/css; charset=utf-8', '.csv': 'text/csv; charset=utf-8', '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '.ehtml': 'text/html; charset=utf-8',
  '.eml': 'message/rfc822', '.eps': 'application/postscript', '.exe': 'application/octet-stream', '.flac': 'audio/flac',
  '.gif': 'image/gif', '.gz': 'application/gzip', '.htm': 'text/html; charset=utf-8', '.html': 'text/html; charset=utf-8',
  '.ico': 'image/vnd.microsoft.icon', '.ics': 'text/calendar; charset=utf-8', '.jfif': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.m4a': 'audio/mp4',
  '.mjs': 'text/javascript; charset=utf-8', '.mp3': 'audio/mpeg', '.mp4': 'video/mp4', '.oga': 'audio/ogg', '.ogg': 'audio/ogg',
  '.ogv': 'video/ogg', '.opus': 'audio/ogg', '.pdf': 'application/pdf', '.pjp': 'image/jpeg', '.pjpeg': 'image/jpeg',
  '.png': 'image/png', '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation', '.ps': 'application/postscript',
  '.rdf': 'application/rdf+xml', '.rtf': 'application/rtf', '.shtml': 'text/html; charset=utf-8', '.svg': 'image/svg+xml',
  '.text': 'text/plain; charset=utf-8', '.tif': 'image/tiff', '.tiff': 'image/tiff', '.txt': 'text/plain; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8', '.wasm': 'application/wasm', '.wav': 'audio/wav', '.webm': 'audio/webm',
  '.webp': 'image/webp', '.xbl': 'text/xml; charset=utf-8', '.xbm': 'image/x-xbitmap', '.xht': 'application/xhtml+xml',
  '.xhtml': 'application/xhtml+xml', '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.xml': 'text/xml; charset=utf-8',
  '.xsl': 'text/xml; charset=utf-8', '.zip': 'application/zip',
};

// where Go looks for the machine's database: the first globs2 that opens, else every mime.types
const GLOBS = ['/usr/local/share/mime/globs2', '/usr/share/mime/globs2'];
const TYPE_FILES = ['/etc/mime.types', '/etc/apache2/mime.types', '/etc/apache/mime.types', '/etc/httpd/conf/mime.types'];

const TSPECIALS = '()<>@,;:\\"/[]?=';
const isTokenChar = (c: string): boolean => c > ' ' && c < '\x7f' && !TSPECIALS.includes(c);
const token = (s: string): [string, string] => {
  let i = 0;
  while (i < s.length && isTokenChar(s[i])) i++;
  return [s.slice(0, i), s.slice(i)];
};

/** Go's mime.ParseMediaType: the type (lower case) and its parameters, or the error's text. */
export function parseMediaType(v: string): { type: string; params: Map<string, string> } | { error: string } {
  const [base, ...rest] = v.split(';');
  const type = goTrimSpace(base).toLowerCase();
  const [major, afterMajor] = token(type);
  if (major === '') return { error: 'mime: no media type' };
  if (afterMajor !== '') {
    if (!afterMajor.startsWith('/')) return { error: 'mime: expected slash after first token' };
    const [minor, afterMinor] = token(afterMajor.slice(1));
    if (minor === '') return { error: 'mime: expected token after slash' };
    if (afterMinor !== '') return { error: 'mime: unexpected content after media subtype' };
  }
  const params = new Map<string, string>();
  for (const [i, piece] of rest.entries()) {
    const p = goTrimSpace(piece);
    if (p === '' && i === rest.length - 1) break; // a trailing semicolon
    const m = /^([^=\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]+)$/.exec(p);
    if (!m || token(m[1])[1] !== '' || (!m[2].startsWith('"') && token(m[2])[1] !== '')) return { error: 'mime: invalid media parameter' };
    const name = m[1].toLowerCase();
    if (params.has(name)) return { error: 'mime: duplicate parameter name' };
    params.set(name, m[2].startsWith('"') ? m[2].slice(1, -1).replace(/\\(.)/g, '$1') : m[2]);
  }
  return { type, params };
}

const isToken = (s: string): boolean => s !== '' && [...s].every(isTokenChar);
// RFC 2231: what an encoded parameter value writes as it is (any other byte goes as %XX)
const isAttributeChar = (b: number): boolean => b > 0x20 && b < 0x7f && !`*'%${TSPECIALS}`.includes(String.fromCharCode(b));

/** Go's mime.FormatMediaType: '' when the type (split at its first slash) or a name is not a token. */
export function formatMediaType(t: string, params: Map<string, string>): string {
  const slash = t.indexOf('/');
  const parts = slash < 0 ? [t] : [t.slice(0, slash), t.slice(slash + 1)];
  if (!parts.every(isToken)) return '';
  let out = parts.join('/').toLowerCase();
  for (const [name, value] of [...params].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!isToken(name)) return '';
    out += `; ${name.toLowerCase()}`;
    if ([...value].some((c) => (c < ' ' || c > '~') && c !== '\t')) {
      out += `*=utf-8''${[...Buffer.from(value, 'utf8')].map((b) => (isAttributeChar(b) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')}`;
    } else out += isToken(value) ? `=${value}` : `="${value.replace(/(["\\])/g, '\\$1')}"`;
  }
  return out;
}

/**
 * A type as Go's setExtensionType keeps it: a text type without a charset gets charset=utf-8,
 * written out again from the whole value, so that one with parameters comes out '' (no type).
 */
function asStored(mediaType: string): string | undefined {
  const parsed = parseMediaType(mediaType);
  if ('error' in parsed) return undefined;
  if (!mediaType.startsWith('text/') || (parsed.params.get('charset') ?? '') !== '') return mediaType;
  return formatMediaType(mediaType, new Map([...parsed.params, ['charset', 'utf-8']]));
}

/** The Content-Type the blob library stores for one it is given: parsed, then written out again. */
export function asUploaded(contentType: string): string {
  const parsed = parseMediaType(contentType);
  // (every type here has been parsed before: from the tables, or from checked mediaTypes)
  if ('error' in parsed) throw new Error(`blob: ${parsed.error}`);
  return formatMediaType(parsed.type, parsed.params);
}

/** The machine's database, read as Go reads it: from a globs2 file (overrides nothing), else mime.types files (override). */
export interface SystemTypes {
  fromGlobs: boolean;
  entries: [string, string][];
}

function readable(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function systemTypes(): SystemTypes {
  for (const file of GLOBS) {
    const text = readable(file);
    if (text === undefined) continue;
    const entries: [string, string][] = [];
    for (const line of text.split('\n')) {
      // weight:type:glob[:flags], heaviest first; only bare "*.ext" globs
      const fields = line.split(':');
      if (fields.length < 3 || fields[0] === '' || fields[2].length < 3 || fields[0][0] === '#' || !fields[2].startsWith('*.')) continue;
      const ext = fields[2].slice(1);
      if (!/[?*[]/.test(ext)) entries.push([ext, fields[1]]);
    }
    return { fromGlobs: true, entries };
  }
  const entries: [string, string][] = [];
  for (const text of TYPE_FILES.map(readable)) {
    for (const line of text?.split('\n') ?? []) {
      const fields = line.trim().split(/\s+/);
      if (fields.length <= 1 || fields[0].startsWith('#')) continue;
      for (const ext of fields.slice(1)) {
        if (ext.startsWith('#')) break;
        entries.push([`.${ext}`, fields[0]]);
      }
    }
  }
  return { fromGlobs: false, entries };
}

/** Extension -> type, built once per sidecar as Go's mime package builds it once per process. */
export class MediaTypes {
  private readonly exact = new Map<string, string>();
  private readonly lower = new Map<string, string>();

  /** `extra`: gcs_options.mediaTypes, extension (no dot) -> type, checked beforehand (invalidMediaType). */
  constructor(extra: Record<string, string> = {}, system: SystemTypes = systemTypes()) {
    for (const [ext, type] of Object.entries(BUILTIN)) this.set(ext, type);
    for (const [ext, type] of system.entries) {
      if (!(system.fromGlobs && this.exact.has(ext))) this.set(ext, type);
    }
    for (const [ext, type] of Object.entries(extra)) this.set(`.${ext}`, type);
  }

  private set(ext: string, type: string): void {
    const stored = asStored(type);
    if (stored === undefined) return;
    this.exact.set(ext, stored);
    this.lower.set(ext.toLowerCase(), stored);
  }

  /** mime.TypeByExtension: as written, else in lower case; '' when unknown. */
  byExtension(ext: string): string {
    return this.exact.get(ext) ?? this.lower.get(ext.toLowerCase()) ?? '';
  }
}

/** gcs_options.mediaTypes checked as upstream's Validate does: the message for the first bad type. */
export function invalidMediaType(extra: Record<string, string> | undefined): string | undefined {
  for (const type of Object.values(extra ?? {})) {
    const parsed = parseMediaType(type);
    if ('error' in parsed) return `invalid extension media type ${goQuote(type)}: ${parsed.error}`;
  }
  return undefined;
}

const isWS = (b: number): boolean => b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d || b === 0x20;

/** A signature: its bytes (latin1), ANY where any byte goes; `min`: the bytes data must have. */
const ANY = '\u0100';
const at0 = (data: Buffer, sig: string, min = sig.length): boolean =>
  data.length >= min && [...sig].every((c, i) => c === ANY || data[i] === c.charCodeAt(0));
const riff = (kind: string): string => `RIFF${ANY.repeat(4)}${kind}`;

const HTML = ['<!DOCTYPE HTML', '<HTML', '<HEAD', '<SCRIPT', '<IFRAME', '<H1', '<DIV', '<FONT', '<TABLE', '<A', '<STYLE', '<TITLE', '<B', '<BODY', '<BR', '<P', '<!--'];
// after the markup, in DetectContentType's order; [signature, type, bytes needed]
const SIGNATURES: [string, string, number?][] = [
  ['%PDF-', 'application/pdf'], ['%!PS-Adobe-', 'application/postscript'],
  ['\xfe\xff', 'text/plain; charset=utf-16be', 4], ['\xff\xfe', 'text/plain; charset=utf-16le', 4],
  ['\xef\xbb\xbf', 'text/plain; charset=utf-8', 4],
  ['\x00\x00\x01\x00', 'image/x-icon'], ['\x00\x00\x02\x00', 'image/x-icon'], ['BM', 'image/bmp'],
  ['GIF87a', 'image/gif'], ['GIF89a', 'image/gif'], [riff('WEBPVP'), 'image/webp'],
  ['\x89PNG\r\n\x1a\n', 'image/png'], ['\xff\xd8\xff', 'image/jpeg'],
  [`FORM${ANY.repeat(4)}AIFF`, 'audio/aiff'], ['ID3', 'audio/mpeg'], ['OggS\x00', 'application/ogg'],
  ['MThd\x00\x00\x00\x06', 'audio/midi'], [riff('AVI '), 'video/avi'], [riff('WAVE'), 'audio/wave'],
  ['\x1aE\xdf\xa3', 'video/webm'], ['\x00\x01\x00\x00', 'font/ttf'], ['OTTO', 'font/otf'], ['ttcf', 'font/collection'],
  ['wOFF', 'font/woff'], ['wOF2', 'font/woff2'], ['\x1f\x8b\x08', 'application/x-gzip'], ['PK\x03\x04', 'application/zip'],
  ['Rar!\x1a\x07\x00', 'application/x-rar-compressed'], ['Rar!\x1a\x07\x01\x00', 'application/x-rar-compressed'],
  ['\x00asm', 'application/wasm'],
];

/**
 * net/http DetectContentType over the first 512 bytes. Its MP4 and embedded-font (EOT)
 * signatures are left out: such content with an extension no table knows comes out as
 * application/octet-stream here.
 */
export function sniff(head: Buffer): string {
  const data = head.subarray(0, 512);
  let first = 0;
  while (first < data.length && isWS(data[first])) first++;
  const rest = data.subarray(first);
  for (const sig of HTML) {
    // the tag, in any case, then a space or '>'
    if (rest.length > sig.length && rest.toString('latin1', 0, sig.length).toUpperCase() === sig && (rest[sig.length] === 0x20 || rest[sig.length] === 0x3e)) {
      return 'text/html; charset=utf-8';
    }
  }
  if (at0(rest, '<?xml')) return 'text/xml; charset=utf-8';
  for (const [sig, type, min] of SIGNATURES) if (at0(data, sig, min)) return type;
  for (const b of rest) {
    if (b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f)) return 'application/octet-stream';
  }
  return 'text/plain; charset=utf-8';
}

/**
 * What upstream's WriterOptionsFromFileName makes of an uploaded file's name: a last segment
 * gz or gzip means gzip content (Content-Encoding gzip, the type from the segment before it);
 * otherwise the type is the last segment's (a name without a dot counts as its own extension).
 * Gzip content of no known type is stored as application/gzip instead, not encoded. No type:
 * the store sniffs the content.
 */
export function typeFromFileName(name: string, types: MediaTypes): { contentType?: string; gzipEncoded: boolean } {
  const segments = name.split('.');
  let segment = segments[segments.length - 1];
  const gzip = segment === 'gz' || segment === 'gzip';
  if (gzip) segment = segments.length === 1 ? '' : segments[segments.length - 2];
  const found = segment === '' ? '' : types.byExtension(`.${segment}`);
  if (found) return { contentType: found, gzipEncoded: gzip };
  return gzip ? { contentType: 'application/gzip', gzipEncoded: false } : { gzipEncoded: false };
}
