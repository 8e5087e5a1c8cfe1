// The globs of censoring_options.include_directories and exclude_directories, matched as upstream
// matches them (github.com/mattn/go-zglob's Match, on Linux) against a file's path relative to its
// upload item. Its rules, quirks included: a pattern without '*' must equal the path; "**/"
// stands for any number of directories, any other '*' for part of one name; {a,b} is either
// (an unclosed or empty brace as go-zglob reads it, below);
// every other character, '?' and '[' among them, is itself; a path no longer than the pattern's
// directories before its first '*' never matches.

import path from 'node:path';

const PLAIN = /[/0-9a-zA-Z]|[^\u0000-\u00ff]/;
const literal = (c: string): string => (PLAIN.test(c) ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

function compile(pattern: string): { root: string; re: RegExp } | undefined {
  const segments = pattern.split('/');
  const first = segments.findIndex((s) => s.includes('*'));
  if (first < 0) return undefined;
  const root = first === 0 ? '.' : path.posix.join(...segments.slice(0, first));
  const mask = path.posix.normalize(pattern).replace(/(.)\/$/, '$1');
  let re = '';
  for (let i = 0; i < mask.length; i++) {
    const c = mask[i];
    if (c === '*') {
      if (i < mask.length - 2 && mask[i + 1] === '*' && mask[i + 2] === '/') {
        re += '(.*/)?';
        i += 2;
      } else re += '[^/]*';
      continue;
    }
    if (c === '{') {
      // go-zglob's quirks: a brace that never closes gives its alternatives and then the same
      // characters again as they are; an empty one stands for the character it stops at
      const end = mask.indexOf('}', i + 1);
      const inner = (end < 0 ? mask.slice(i + 1) : mask.slice(i + 1, end)).split('').map((d) => (d === ',' ? '|' : literal(d))).join('');
      if (end >= 0) i = end;
      re += inner === '' ? literal(mask[i]) : `(${inner})`;
      continue;
    }
    re += literal(c);
  }
  return { root, re: new RegExp(`^${re}$`) };
}

export function globMatch(pattern: string, name: string): boolean {
  const glob = compile(pattern);
  if (!glob) return pattern === name;
  if (name === '.' || name.length <= glob.root.length) return false;
  return glob.re.test(name);
}

/** upstream's shouldCensor: an exclude wins, then an include; with no includes, everything. */
export function shouldCensor(relative: string, include: string[] = [], exclude: string[] = []): boolean {
  if (exclude.some((g) => globMatch(g, relative))) return false;
  if (include.some((g) => globMatch(g, relative))) return true;
  return include.length === 0;
}
