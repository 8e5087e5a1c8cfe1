// The programs of the reference that mutation testing covers, and which scenarios judge each:
// those tagged with the program's role (its own features and the pod features that run it).
// reference/shared is used by every program, so every scenario judges it. target: the score (in %,
// equivalents excluded) below which `npm run mutation` fails (issue 15).
export const PROGRAMS = {
  'entrypoint-wrapper': { dir: 'reference/entrypoint-wrapper', tags: '@role:entrypoint-wrapper', target: 90 },
  entrypoint: { dir: 'reference/entrypoint', tags: '@role:entrypoint', target: 90 },
  sidecar: { dir: 'reference/sidecar', tags: '@role:sidecar', target: 85 },
  shared: { dir: 'reference/shared', tags: '@role:entrypoint or @role:sidecar or @role:entrypoint-wrapper' },
};

export function programNamed(name) {
  const program = PROGRAMS[name];
  if (!program) throw new Error(`unknown program "${name}" (known: ${Object.keys(PROGRAMS).join(', ')})`);
  return program;
}
