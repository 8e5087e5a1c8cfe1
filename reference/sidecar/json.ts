// Reading the JSON the sidecar is given (SIDECAR_OPTIONS, JOB_SPEC, the S3 credentials file):
// JSON.parse, then each known field checked against the type it must have, so that a mistake is
// reported with the field's name. As with Go's encoding/json, unknown fields are ignored and null
// counts as absent (a null in a list is the zero value of its type).

/** A field's expected type: a scalar, a list of a shape, or an object with known fields. */
export type Shape = 'string' | 'boolean' | 'integer' | 'any' | readonly [Shape] | { readonly [field: string]: Shape };

export function parseJSON<T>(text: string, shape: Shape): T {
  return check(JSON.parse(text), shape, '') as T;
}

function check(value: unknown, shape: Shape, where: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (shape === 'any') return value;
  const fail = (want: string): never => {
    throw new Error(`${where || 'the value'} must be ${want}, not ${JSON.stringify(value)}`);
  };
  if (shape === 'integer') return Number.isInteger(value) ? value : fail('an integer');
  if (typeof shape === 'string') return typeof value === shape ? value : fail(`a ${shape}`);
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return fail('a list');
    // (a null element is the element type's zero value, as Go decodes it)
    return value.map((v, i) => (v === null ? zeroOf(shape[0]) : check(v, shape[0], `${where}[${i}]`)));
  }
  if (typeof value !== 'object' || Array.isArray(value)) return fail('an object');
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
  if (shape === 'any') return null;
  if (Array.isArray(shape)) return [];
  return {};
}
