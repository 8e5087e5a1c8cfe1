// The pod for a scenario on the chosen runtime: the simulator (namespaces or process groups) or
// the real kubelet. A kubelet pod is also stopped with the scenario (its manifest removed).
import type { Scenario } from '../scenario.js';
import { SimulatedPod, type Pod, type PodSpec } from './pod.js';
import { KubeletPod } from './runtimes/kubelet.js';
import type { PodRuntime } from './runtimes/runtime.js';

export function createPod(owner: { scenario: Scenario; ownServers: { stop(): Promise<void> }[] }, spec: PodSpec, runtime: PodRuntime): Pod {
  if (runtime.kind !== 'kubelet') return new SimulatedPod(owner.scenario, spec, runtime);
  const pod = new KubeletPod(owner.scenario, spec, runtime.node);
  owner.ownServers.push(pod);
  return pod;
}
