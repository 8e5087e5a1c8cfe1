import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Logger } from '../../shared/log.js';
import { censor, censorFile, loadSecrets } from './censor.js';
import { Censorer, censorStream } from './censorer.js';

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-censor-'));
const quiet = new Logger('sidecar', () => {});
const SECRET = 's3cr3t-t0ken';
const B64 = Buffer.from(SECRET).toString('base64');

/** A censorer replacing exactly these strings, in this priority order. */
function replacing(...keys: string[]): Censorer {
  const c = new Censorer([]);
  c.keys.push(...keys.map((k) => Buffer.from(k)));
  (c as { longest: number }).longest = Math.max(...keys.map((k) => k.length));
  return c;
}

test('replacement order follows go4.org/bytereplacer (outputs of the Go library)', () => {
  const r = replacing('abc', 'abcdef', 'cde', 'YWJj');
  for (const [input, want] of [
    ['abcdef', 'XXXdef'],
    ['xabcdefx', 'xXXXdefx'],
    ['ccdeabcde', 'cXXXXXXde'],
    ['YWJj abc', 'XXXX XXX'],
  ]) {
    const b = Buffer.from(input);
    r.censor(b);
    assert.equal(b.toString(), want, input);
  }
});

test('secrets: trimmed, and the base64 of both forms; never empty, true/false or too short', () => {
  const c = new Censorer([Buffer.from('hunter2\n'), Buffer.from('TRUE'), Buffer.from('  '), Buffer.from('ab'), Buffer.from('xyz')], 3);
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  assert.deepEqual(c.keys.map(String), ['hunter2', b64('hunter2\n'), b64('hunter2'), 'xyz', b64('xyz')]);
  assert.equal(c.longest, 12);
  const b = Buffer.from(`a hunter2 b ${b64('hunter2')} TRUE ab xyz`);
  c.censor(b);
  assert.equal(b.toString(), 'a XXXXXXX b XXXXXXXXXXXX TRUE ab XXX');
});

test('trimming is strings.TrimSpace: ASCII blanks and Unicode spaces, not control characters or a BOM', () => {
  const keyOf = (raw: string): string => String(new Censorer([Buffer.from(raw)]).keys[0]);
  assert.equal(keyOf(' \t\v\f\r\nab\r\n'), 'ab');
  assert.equal(keyOf('\u00a0\u3000ab\u2029\u0085'), 'ab');
  assert.equal(keyOf('\u00a0 \u00a0'), 'undefined'); // nothing but spaces: no secret
  assert.equal(keyOf('\x01ab\x08'), '\x01ab\x08');
  assert.equal(keyOf('\x0eab\x1f'), '\x0eab\x1f');
  assert.equal(keyOf('\ufeffab'), '\ufeffab');
});

test('a stream is censored exactly as the whole buffer would be, however it is cut', async () => {
  const c = replacing('abcdef', 'abc', 'cde', 'fab', 'aaaa');
  for (let round = 0; round < 200; round++) {
    const data = Buffer.from(Array.from(randomBytes(300), (b) => 'abcdef'[b % 6]).join(''));
    const whole = Buffer.from(data);
    c.censor(whole);
    const chunks: Buffer[] = [];
    for (let at = 0; at < data.length; ) {
      const n = 1 + (randomBytes(1)[0] % 20);
      chunks.push(Buffer.from(data.subarray(at, at + n)));
      at += n;
    }
    const out: Buffer[] = [];
    for await (const chunk of censorStream((async function* () { yield* chunks; })(), c)) out.push(Buffer.from(chunk));
    assert.equal(Buffer.concat(out).toString(), whole.toString());
  }
});

/** A ustar archive (no directory entries unless listed), with a PAX size record for `paxSize` names. */
function tarGz(files: [string, string][], paxSize: string[] = []): Buffer {
  const header = (name: string, size: number, type: string): Buffer => {
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write(size.toString(8).padStart(11, '0') + '\0', 124);
    h.write(type, 156);
    h.write('ustar\x0000', 257, 'latin1');
    h.write('        ', 148);
    h.write(h.reduce((s, b) => s + b, 0).toString(8).padStart(6, '0') + '\0 ', 148);
    return h;
  };
  const pad = (n: number): Buffer => Buffer.alloc((512 - (n % 512)) % 512);
  const parts: Buffer[] = [];
  for (const [name, content] of files) {
    if (name.endsWith('/')) {
      parts.push(header(name, 0, '5'));
      continue;
    }
    if (paxSize.includes(name)) {
      const record = ` size=${content.length}\n`;
      const body = `${record.length + 2}${record}`;
      parts.push(header('PaxHeaders/x', body.length, 'x'), Buffer.from(body), pad(body.length));
    }
    parts.push(header(name, paxSize.includes(name) ? 0 : content.length, '0'), Buffer.from(content), pad(content.length));
  }
  parts.push(Buffer.alloc(1024));
  return zlib.gzipSync(Buffer.concat(parts));
}

/** name -> content of an archive's regular files, read the simple way. */
function untarGz(archive: Buffer): Record<string, string> {
  const tar = zlib.gunzipSync(archive);
  const files: Record<string, string> = {};
  let paxSize: number | undefined;
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0; ) {
    const name = tar.toString('latin1', at, at + 100).replace(/\0.*$/s, '');
    const type = tar.toString('latin1', at + 156, at + 157);
    let size = parseInt(tar.toString('latin1', at + 124, at + 135), 8);
    at += 512;
    const data = tar.subarray(at, at + size).toString();
    if (type === 'x') paxSize = Number(/size=(\d+)/.exec(data)![1]);
    else if (type === '0') {
      size = paxSize ?? size;
      files[name] = tar.subarray(at, at + size).toString();
      paxSize = undefined;
    }
    at += Math.ceil(size / 512) * 512;
  }
  return files;
}

test('files are censored in place, keeping their inode; .gz files inside, as tar archives or plain data', async () => {
  const dir = tempDir();
  try {
    const censorer = new Censorer([Buffer.from(`${SECRET}\n`)]);
    const text = `token ${SECRET} and ${B64}, `.repeat(100_000); // several reads
    const censored = `token ${'X'.repeat(12)} and ${'X'.repeat(16)}, `.repeat(100_000);
    const log = path.join(dir, 'log');
    fs.writeFileSync(log, text);
    const inode = fs.statSync(log).ino;
    await censorFile(log, censorer);
    assert.equal(fs.readFileSync(log, 'utf8'), censored);
    assert.equal(fs.statSync(log).ino, inode);

    const archive = path.join(dir, 'bundle.tar.gz');
    fs.writeFileSync(archive, tarGz([['with/', ''], ['with/dir.txt', text], ['no/dir/entry.txt', `the token is ${SECRET}`], ['pax.txt', SECRET]], ['pax.txt']));
    await censorFile(archive, censorer);
    assert.deepEqual(untarGz(fs.readFileSync(archive)), { 'with/dir.txt': censored, 'no/dir/entry.txt': 'the token is XXXXXXXXXXXX', 'pax.txt': 'X'.repeat(12) });

    const plain = path.join(dir, 'report.json.gz');
    fs.writeFileSync(plain, zlib.gzipSync(`{"token": "${SECRET}"}`));
    await censorFile(plain, censorer);
    assert.equal(zlib.gunzipSync(fs.readFileSync(plain)).toString(), '{"token": "XXXXXXXXXXXX"}');

    const broken = path.join(dir, 'broken.tar.gz');
    const bad = zlib.gunzipSync(tarGz([['a.txt', SECRET], ['b.txt', SECRET]]));
    bad[1024 + 10] ^= 1; // the second header's checksum no longer adds up
    fs.writeFileSync(broken, zlib.gzipSync(bad));
    await assert.rejects(censorFile(broken, censorer), /invalid tar header/);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['broken.tar.gz', 'bundle.tar.gz', 'log', 'report.json.gz']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('secrets: every file of the directories but the volume internals, and the registry credentials inside', async () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, '..data'));
    fs.writeFileSync(path.join(dir, '..data', 'token'), 'one');
    fs.symlinkSync('..data/token', path.join(dir, 'token')); // how Kubernetes mounts a key
    fs.writeFileSync(path.join(dir, '..hidden'), 'not a secret');
    fs.writeFileSync(path.join(dir, '.dockerconfigjson'), '{"auths":{"r":{"auth":"QUJD","password":"pw"}}}');
    fs.writeFileSync(path.join(dir, '.dockercfg'), '{"r":{"password":"pw2"}}');
    const secrets = (await loadSecrets([dir])).map(String);
    assert.deepEqual(secrets, ['{"r":{"password":"pw2"}}', 'pw2', '{"auths":{"r":{"auth":"QUJD","password":"pw"}}}', 'QUJD', 'pw', 'one']);
    fs.writeFileSync(path.join(dir, '.dockercfg'), 'not json');
    await assert.rejects(loadSecrets([dir]), /^Error: could not read .*\/\.dockercfg as a docker secret: /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the whole step: process logs and items censored, symlinks left alone, failures reported', async () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'secrets'));
    fs.writeFileSync(path.join(dir, 'secrets', 'key'), `${SECRET}\n`);
    const art = path.join(dir, 'artifacts');
    fs.mkdirSync(path.join(art, 'sub'), { recursive: true });
    for (const f of ['log', 'artifacts/a.txt', 'artifacts/sub/b.txt', 'outside.txt']) fs.writeFileSync(path.join(dir, f), `x ${SECRET} y`);
    fs.symlinkSync(path.join(dir, 'outside.txt'), path.join(art, 'link.txt'));
    const run = (items: string[]): Promise<Error | undefined> =>
      censor({ logger: quiet, options: { secret_directories: [path.join(dir, 'secrets')], censoring_concurrency: 2 }, processLogs: [path.join(dir, 'log')], items });
    assert.equal(await run([art]), undefined);
    for (const f of ['log', 'artifacts/a.txt', 'artifacts/sub/b.txt']) assert.equal(fs.readFileSync(path.join(dir, f), 'utf8'), 'x XXXXXXXXXXXX y', f);
    assert.equal(fs.readFileSync(path.join(dir, 'outside.txt'), 'utf8'), `x ${SECRET} y`);

    assert.match(String(await run([path.join(dir, 'none')])), /could not walk .*none to censor it: ENOENT/);
    const missing = await censor({ logger: quiet, options: { secret_directories: [path.join(dir, 'none')] }, processLogs: [], items: [] });
    assert.match(String(missing), /^Error: could not load secrets: ENOENT/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
