// Reading the JSON the sidecar is given (SIDECAR_OPTIONS, JOB_SPEC, the S3 credentials file):
// JSON.parse, then each known field checked against the type it must have, so that a mistake is
// reported with the field's name. As with Go's encoding/json, unknown fields are ignored, null
// counts as absent (a null in a list is the zero value of its type), and an integer field takes
// only an integer literal within int64 (5.0, 1e2 and 2^63 are refused: JSON.parse would blur them,
// so the literals are kept aside, see protectNumbers).

/** A field's expected type: a scalar, a map of strings, a list of a shape, or an object with known fields. */
export type Shape = 'string' | 'boolean' | 'integer' | 'string-map' | readonly [Shape] | { readonly [field: string]: Shape };

/** What a number literal of the text becomes while it is checked: the literal itself. */
class NumberLiteral {
  constructor(readonly text: string) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MARKER = '\u0000number';
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The text with each number literal outside strings replaced by {"\u0000number": i}, and the
 * literals: parsed, the markers become NumberLiterals (restore), with their text intact.
 */
function protectNumbers(text: string): { text: string; literals: string[] } {
  const literals: string[] = [];
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const m = c === '-' || (c >= '0' && c <= '9') ? NUMBER.exec(text) : null;
    if (m) {
      out += `{"\\u0000number":${literals.length}}`; // (the key MARKER, escaped as JSON must)
      literals.push(m[0]);
      i += m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, literals };
}

function restore(value: unknown, literals: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => restore(v, literals));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === MARKER) return new NumberLiteral(literals[(value as Record<string, number>)[MARKER]]);
  return Object.fromEntries(keys.map((k) => [k, restore((value as Record<string, unknown>)[k], literals)]));
}

export function parseJSON<T>(text: string, shape: Shape): T {
  JSON.parse(text); // a syntax error in the words of the parser, about the text as given
  const { text: marked, literals } = protectNumbers(text);
  return check(restore(JSON.parse(marked), literals), shape, '') as T;
}

function isInt64(literal: string): boolean {
  return /^-?(0|[1-9]\d*)$/.test(literal) && BigInt(literal) <= INT64_MAX && BigInt(literal) >= -INT64_MAX - 1n;
}

function check(value: unknown, shape: Shape, where: string): unknown {
  if (value === null || value === undefined) return undefined;
  const fail = (want: string): never => {
    const shown = value instanceof NumberLiteral ? value.text : JSON.stringify(value, (_, v) => (v instanceof NumberLiteral ? Number(v.text) : v));
    throw new Error(`${where || 'the value'} must be ${want}, not ${shown}`);
  };
  if (shape === 'integer') return value instanceof NumberLiteral && isInt64(value.text) ? Number(value.text) : fail('an integer');
  if (shape === 'string-map') {
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof NumberLiteral) return fail('an object of strings');
    // (a null value is the empty string, as Go decodes it into a map)
    const entries = Object.entries(value as Record<string, unknown>);
    return Object.fromEntries(entries.map(([k, v]) => [k, v === null ? '' : check(v, 'string', `${where}.${k}`)]));
  }
  if (typeof shape === 'string') return typeof value === shape ? value : fail(`a ${shape}`);
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return fail('a list');
    // (a null element is the element type's zero value, as Go decodes it)
    return value.map((v, i) => (v === null ? zeroOf(shape[0]) : check(v, shape[0], `${where}[${i}]`)));
  }
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof NumberLiteral) return fail('an object');
  const out: Record<string, unknown> = {};
  for (const [field, fieldShape] of Object.entries(shape)) {
    const v = check((value as Record<string, unknown>)[field], fieldShape, where ? `${where}.${field}` : field);
    if (v !== undefined) out[field] = v;
  }
  return out;
}

/** Go's zero value of a field of this shape: what a JSON null in a list decodes to. */
function zeroOf(shape: Shape): unknown {
  if (shape === 'string') return '';
  if (shape === 'boolean') return false;
  if (shape === 'integer') return 0;
  if (Array.isArray(shape)) return [];
  return {};
}
