// Waiting on what the test process (the probe) reports, shared by the entrypoint, wrapper and pod steps.
import type { ProbeRecord } from '../../harness/probe/listener.js';
import type { ConformanceWorld } from '../world.js';

/** The test's probe once it has reported ready. */
export function testReady(world: ConformanceWorld): Promise<ProbeRecord> {
  const probes = world.scenario.probes;
  return probes.waitFor('the test to report ready', () => probes.byRole('test'), world.scenario.timing.deadlineMs());
}

/** The test's probe once its connection has closed (it exited or was killed). */
export function waitForTestGone(world: ConformanceWorld, withinMs: number): Promise<ProbeRecord> {
  const probes = world.scenario.probes;
  return probes.waitFor('the test to end', () => {
    const probe = probes.byRole('test');
    return probe?.goneAt ? probe : undefined;
  }, withinMs);
}
