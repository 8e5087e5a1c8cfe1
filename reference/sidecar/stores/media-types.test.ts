import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MediaTypes, parseMediaType, sniff, typeFromFileName } from './media-types.js';

const NO_SYSTEM = { fromGlobs: false, entries: [] };

test('types by extension: built in, then the machine database (globs2 adds, mime.types overrides), then mediaTypes', () => {
  const globs = new MediaTypes({}, { fromGlobs: true, entries: [['.xml', 'application/xml'], ['.log', 'text/x-log'], ['.log', 'text/plain']] });
  assert.equal(globs.byExtension('.xml'), 'text/xml; charset=utf-8');
  assert.equal(globs.byExtension('.log'), 'text/x-log; charset=utf-8');
  const files = new MediaTypes({}, { fromGlobs: false, entries: [['.xml', 'application/xml']] });
  assert.equal(files.byExtension('.xml'), 'application/xml');
  const extra = new MediaTypes({ log: 'text/plain', junit: 'application/xml', css: 'text/plain;format=flowed' }, NO_SYSTEM);
  assert.equal(extra.byExtension('.log'), 'text/plain; charset=utf-8');
  assert.equal(extra.byExtension('.junit'), 'application/xml');
  // (Go writes the whole value out again as the type: with parameters that gives no type at all)
  assert.equal(extra.byExtension('.css'), '');
  assert.equal(extra.byExtension('.PNG'), 'image/png');
  assert.equal(extra.byExtension('.nothing'), '');
});

test('names as WriterOptionsFromFileName reads them', () => {
  const types = new MediaTypes({}, NO_SYSTEM);
  assert.deepEqual(typeFromFileName('report.json', types), { contentType: 'application/json', gzipEncoded: false });
  assert.deepEqual(typeFromFileName('report.json.gz', types), { contentType: 'application/json', gzipEncoded: true });
  assert.deepEqual(typeFromFileName('bundle.gz', types), { contentType: 'application/gzip', gzipEncoded: false });
  assert.deepEqual(typeFromFileName('gz', types), { contentType: 'application/gzip', gzipEncoded: false });
  assert.deepEqual(typeFromFileName('txt', types), { contentType: 'text/plain; charset=utf-8', gzipEncoded: false });
  assert.deepEqual(typeFromFileName('notes.unknown', types), { gzipEncoded: false });
});

test('sniffing as DetectContentType', () => {
  const cases: [string, string][] = [
    ['', 'text/plain; charset=utf-8'],
    ['plain words\n', 'text/plain; charset=utf-8'],
    ['  <html><body>', 'text/html; charset=utf-8'],
    ['<p>x</p>', 'text/html; charset=utf-8'],
    ['<pre>x</pre>', 'text/plain; charset=utf-8'],
    ['<html', 'text/plain; charset=utf-8'],
    ['\n<?xml version="1.0"?>', 'text/xml; charset=utf-8'],
    ['%PDF-1.4', 'application/pdf'],
    ['\x1f\x8b\x08\x00', 'application/x-gzip'],
    ['\x89PNG\r\n\x1a\n', 'image/png'],
    ['RIFF\x01\x02\x03\x04WEBPVP8', 'image/webp'],
    ['ID3 tag', 'audio/mpeg'],
    ['\xef\xbb\xbf', 'text/plain; charset=utf-8'],
    ['\xfe\xff', 'text/plain; charset=utf-8'], // (a BOM needs 4 bytes)
    ['\xfe\xff\x00\x41', 'text/plain; charset=utf-16be'],
    ['a\x00b', 'application/octet-stream'],
  ];
  for (const [data, type] of cases) assert.equal(sniff(Buffer.from(data, 'latin1')), type, JSON.stringify(data));
});

test('media types checked as mime.ParseMediaType', () => {
  assert.deepEqual(parseMediaType('Text/Plain; Charset=UTF-8'), { type: 'text/plain', params: new Map([['charset', 'UTF-8']]) });
  assert.deepEqual(parseMediaType('text'), { type: 'text', params: new Map() });
  assert.deepEqual(parseMediaType('text/plain;'), { type: 'text/plain', params: new Map() });
  for (const [bad, error] of [['', 'no media type'], ['text plain', 'expected slash after first token'], ['text/', 'expected token after slash'], ['text/plain x', 'unexpected content after media subtype'], ['text/plain; x', 'invalid media parameter'], ['a/b; x=1; X=2', 'duplicate parameter name']]) {
    assert.deepEqual(parseMediaType(bad), { error: `mime: ${error}` }, bad);
  }
});
