// The environment the suite's processes start in. A variable that a CI machine sets for its own
// tools but a Prow pod does not, and that slows every Node process's boot, is taken out before
// the first worker, probe or program starts: NODE_EXTRA_CA_CERTS makes Node 20 parse the whole CA
// bundle at boot (here about 50 ms of CPU per process, in a suite of some 600 Node processes),
// and no scenario uses TLS.

const SLOW_BOOT_VARIABLES = ['NODE_EXTRA_CA_CERTS'];

/** Removes those variables from this process's environment (children inherit it) and returns them. */
export function takeSlowBootVariables(): Record<string, string> {
  const taken: Record<string, string> = {};
  for (const name of SLOW_BOOT_VARIABLES) {
    const value = process.env[name];
    if (value === undefined) continue;
    taken[name] = value;
    delete process.env[name];
  }
  return taken;
}
