import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote, goTrimSpace } from './go-strings.js';

// Expected values printed by Go 1.26 (fmt's %q and strings.TrimSpace) for the same strings.
test('goQuote writes what Go\'s %q writes', () => {
  assert.equal(goQuote('a\x7fb'), '"a\\x7fb"');
  assert.equal(goQuote('\x07\b\f\n\r\t\v"\\'), '"\\a\\b\\f\\n\\r\\t\\v\\"\\\\"');
  assert.equal(goQuote('é\u00a0x\u0085\ufeff\u{1F600}\u{E0001} ü'), '"é\\u00a0x\\u0085\\ufeff\u{1F600}\\U000e0001 ü"');
  assert.equal(goQuote('\x01z'), '"\\x01z"');
});

test('goTrimSpace trims what Go\'s strings.TrimSpace trims: U+0085 and U+00A0, not a byte order mark', () => {
  assert.equal(goTrimSpace('\u0085 \t0\u00a0\u3000\n'), '0');
  assert.equal(goTrimSpace('\ufeff0'), '\ufeff0');
  assert.equal(goTrimSpace(' \u2028 '), '');
});
