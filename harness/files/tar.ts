// Just enough of the tar format (ustar, regular files only) to build the archives that scenarios
// put among the artifacts and to read back the ones the sidecar uploaded.
import { gunzipSync, gzipSync } from 'node:zlib';

const BLOCK = 512;

function header(name: string, size: number, type: '0' | '5' = '0'): Buffer {
  const h = Buffer.alloc(BLOCK);
  const field = (text: string, offset: number, length: number): void => void h.write(text, offset, length, 'ascii');
  const octal = (value: number, length: number): string => value.toString(8).padStart(length - 1, '0') + '\0';
  field(name, 0, 100);
  field(octal(type === '5' ? 0o755 : 0o644, 8), 100, 8);
  field(octal(0, 8), 108, 8);
  field(octal(0, 8), 116, 8);
  field(octal(size, 12), 124, 12);
  field(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
  field('        ', 148, 8); // checksum counts as spaces while it is computed
  field(type, 156, 1);
  field('ustar\0', 257, 6);
  field('00', 263, 2);
  const sum = h.reduce((total, byte) => total + byte, 0);
  field(octal(sum, 7) + ' ', 148, 8);
  return h;
}

/**
 * A gzipped tar of `files`. Like `tar czf`, it holds an entry for each directory before the files
 * in it, unless `directoryEntries` is false (some archivers leave them out). `corruptHeader`: a
 * block that is not a header (its checksum does not add up) follows the files.
 */
export function tarGz(files: { name: string; content: string | Buffer }[], { directoryEntries = true, corruptHeader = false } = {}): Buffer {
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
    parts.push(header(file.name, content.length), content, Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK));
  }
  if (corruptHeader) {
    const bad = header('after-the-files.txt', 0);
    bad[148] = bad[148] === 0x37 ? 0x36 : 0x37; // a checksum digit changed
    parts.push(bad);
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(parts));
}

export function untarGz(archive: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(archive);
  const files = new Map<string, Buffer>();
  for (let offset = 0; offset + BLOCK <= tar.length; ) {
    const h = tar.subarray(offset, offset + BLOCK);
    if (h.every((byte) => byte === 0)) break;
    const name = h.toString('ascii', 0, 100).replace(/\0.*$/s, '');
    const prefix = h.toString('ascii', 345, 500).replace(/\0.*$/s, '');
    const size = parseInt(h.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
    const type = h.toString('ascii', 156, 157);
    offset += BLOCK;
    if (type === '0' || type === '\0') files.set(prefix ? `${prefix}/${name}` : name, Buffer.from(tar.subarray(offset, offset + size)));
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}

export function isGzip(content: Buffer): boolean {
  return content.length > 2 && content[0] === 0x1f && content[1] === 0x8b;
}
