// Just enough of the tar format (ustar headers, regular files and directories) to build the
// archives that scenarios put among the artifacts and to read back the ones the sidecar uploaded.
// Headers can be written the rarer ways readers accept (see TarFile), to test a censor's reader.
import { gunzipSync, gzipSync } from 'node:zlib';

const BLOCK = 512;

/**
 * A file for an archive. `type`: '0' (regular), or '7' (contiguous: readers take it for a regular
 * file). `numbers`: how the size and checksum are written: 'octal' (zero-padded, as tar writes
 * them), 'spaces' (padded with spaces, as old tars did) or 'base-256' (the size in binary, GNU
 * tar's way for files of 8 GiB and more, valid for any size).
 */
export interface TarFile {
  name: string;
  content: string | Buffer;
  type?: '0' | '7';
  numbers?: 'octal' | 'spaces' | 'base-256';
}

const octal = (value: number, length: number): string => value.toString(8).padStart(length - 1, '0') + '\0';

function header(name: string, size: number, type: '0' | '5' | '7', numbers: TarFile['numbers'] = 'octal'): Buffer {
  const h = Buffer.alloc(BLOCK);
  const field = (text: string, offset: number, length: number): void => void h.write(text, offset, length, 'latin1');
  field(name, 0, 100);
  field(octal(type === '5' ? 0o755 : 0o644, 8), 100, 8);
  field(octal(0, 8), 108, 8);
  field(octal(0, 8), 116, 8);
  if (numbers === 'spaces') field(`${size.toString(8).padStart(11, ' ')} `, 124, 12);
  else if (numbers === 'base-256') {
    h[124] = 0x80;
    h.writeUIntBE(size, 130, 6); // 48 bits: plenty
  } else field(octal(size, 12), 124, 12);
  field(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
  field('        ', 148, 8); // the checksum counts as spaces while it is computed
  field(type, 156, 1);
  field('ustar\0', 257, 6);
  field('00', 263, 2);
  const sum = h.reduce((total, byte) => total + byte, 0);
  field(numbers === 'spaces' ? `${sum.toString(8).padStart(6, ' ')}\0 ` : `${octal(sum, 7)} `, 148, 8);
  return h;
}

/** A numeric header field as readers take it: base-256 if the high bit is set, else octal amid spaces and NULs. */
function numberField(field: Buffer): number {
  if (field[0] & 0x80) return field.subarray(1).reduce((n, b) => n * 256 + b, field[0] & 0x7f);
  return parseInt(field.toString('latin1').replace(/^[ \0]+/, '').replace(/[ \0].*$/s, '') || '0', 8);
}

/**
 * A gzipped tar of `files`. Like `tar czf`, it holds an entry for each directory before the files
 * in it, unless `directoryEntries` is false (some archivers leave them out). `corruptHeader`: a
 * block that is not a header (its checksum does not add up) follows the files.
 */
export function tarGz(files: TarFile[], { directoryEntries = true, corruptHeader = false } = {}): Buffer {
  const parts: Buffer[] = [];
  const directories = new Set<string>();
  for (const file of files) {
    const segments = file.name.split('/').slice(0, -1);
    for (let i = 1; directoryEntries && i <= segments.length; i++) {
      const dir = `${segments.slice(0, i).join('/')}/`;
      if (!directories.has(dir)) parts.push(header(dir, 0, '5'));
      directories.add(dir);
    }
    const content = Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content);
    parts.push(header(file.name, content.length, file.type ?? '0', file.numbers), content, Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK));
  }
  if (corruptHeader) {
    const bad = header('after-the-files.txt', 0, '0');
    bad[148] = bad[148] === 0x37 ? 0x36 : 0x37; // a checksum digit changed
    parts.push(bad);
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(parts));
}

/** The regular files of a gzipped tar (types 0, NUL and 7), by name. */
export function untarGz(archive: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(archive);
  const files = new Map<string, Buffer>();
  for (let offset = 0; offset + BLOCK <= tar.length; ) {
    const h = tar.subarray(offset, offset + BLOCK);
    if (h.every((byte) => byte === 0)) break;
    const name = h.toString('latin1', 0, 100).replace(/\0.*$/s, '');
    const prefix = h.toString('latin1', 345, 500).replace(/\0.*$/s, '');
    const size = numberField(h.subarray(124, 136));
    const type = h.toString('latin1', 156, 157);
    offset += BLOCK;
    if (['0', '\0', '7'].includes(type)) files.set(prefix ? `${prefix}/${name}` : name, Buffer.from(tar.subarray(offset, offset + size)));
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}

export function isGzip(content: Buffer): boolean {
  return content.length > 2 && content[0] === 0x1f && content[1] === 0x8b;
}
