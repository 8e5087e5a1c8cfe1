import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globMatch, shouldCensor } from './glob.js';

test('globs match as go-zglob does, quirks included', () => {
  const cases: [string, string, boolean][] = [
    ['junit.xml', 'junit.xml', true], // no '*': the path itself
    ['junit.xml', 'a/junit.xml', false],
    ['*.log', 'build.log', true],
    ['*.log', 'a/build.log', false], // '*' stays within a name
    ['**/*.log', 'build.log', true], // '**/' is any number of directories, none included
    ['**/*.log', 'a/b/build.log', true],
    ['logs/**/*.txt', 'logs/x.txt', true],
    ['logs/**/*.txt', 'logs/a/b/x.txt', true],
    ['logs/**/*.txt', 'other/x.txt', false],
    ['logs/**', 'logs/a', true], // a trailing '**' is two '*': one name
    ['logs/**', 'logs/a/b', false],
    ['*.{xml,json}', 'report.json', true],
    ['*.{xml,json}', 'report.yaml', false],
    ['file?.txt', 'file1.txt', false], // '?' is itself
    ['file?.txt', 'file?.txt', true],
    ['a.*', 'a.b', true],
    ['a.*', 'axb', false], // '.' is itself
    ['*', '.', false],
    ['logs/*', 'logs', false], // no longer than the directories before the '*'
  ];
  for (const [pattern, name, want] of cases) assert.equal(globMatch(pattern, name), want, `${pattern} ~ ${name}`);
});

test('an exclude wins over an include; with no includes, everything is censored', () => {
  assert.equal(shouldCensor('a/x.log'), true);
  assert.equal(shouldCensor('a/x.log', ['b/*']), false);
  assert.equal(shouldCensor('a/x.log', ['a/*']), true);
  assert.equal(shouldCensor('a/x.log', ['a/*'], ['**/*.log']), false);
  assert.equal(shouldCensor('a/x.log', [], ['b/*']), true);
});

test('an unclosed brace gives its names and then the same text; an empty brace is the character it stops at', () => {
  assert.equal(globMatch('*.{log', 'a.loglog'), true);
  assert.equal(globMatch('*.{log', 'a.log'), false);
  assert.equal(globMatch('*{}.txt', 'x}.txt'), true);
  assert.equal(globMatch('*{}.txt', 'x.txt'), false);
  assert.equal(globMatch('*.{', 'a.{'), true);
});
