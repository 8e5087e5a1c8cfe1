// How a pod's containers are made. Two runtimes behind one choice:
//   namespaces:    each container's first process is PID 1 of PID, mount, UTS and IPC namespaces
//                  of its own (started by pod-launch, no daemon), so the kernel's PID-1 rules
//                  apply: a signal without a handler is dropped, and when PID 1 ends the kernel
//                  kills the rest of the namespace. A pod sharing its process namespace gets a
//                  sandbox (a pause process) as PID 1 and its containers join that namespace.
//   process-group: the model used where namespaces cannot be made: a container is a process
//                  group plus a tag, and the harness kills what is left when its first process
//                  ends. Scenarios tagged @pid-namespace need the real thing and are not
//                  applicable there.
//   kubelet:       a real node (harness/node/): the pinned kubelet runs each pod as a static pod
//                  on containerd and runc, and deletes it when its manifest is removed
//                  (runtimes/kubelet.ts).
//   cluster:       the same node registered with etcd and kube-apiserver started beside it: pods
//                  are created and deleted through the API server (the kubelet runtime's pods,
//                  with nodeName set).
import type { NodeHandle } from '../../node/node.js';

export type PodRuntime = { kind: 'namespaces'; launcher: string } | { kind: 'process-group'; why: string } | { kind: 'kubelet'; node: NodeHandle };

export const PID_NAMESPACE_TAG = '@pid-namespace';
/** Scenarios that hold a container between its creation and its start. */
export const HELD_CONTAINER_TAG = '@held-container';

export const RUNTIME_CHOICES = ['auto', 'namespaces', 'process-group', 'kubelet', 'cluster'] as const;
export type RuntimeChoice = (typeof RUNTIME_CHOICES)[number];

/** The launcher command for one container (null: start the program directly). */
export function launcherFor(runtime: PodRuntime, hostname: string, sandboxPid: number | null, held = false): string[] | null {
  if (runtime.kind !== 'namespaces') return null;
  return [runtime.launcher, '--hostname', hostname, ...(sandboxPid === null ? [] : ['--join', String(sandboxPid)]), ...(held ? ['--hold'] : [])];
}

/** Why a scenario with these tags cannot run on this runtime, or null. */
export function runtimeApplicability(runtime: PodRuntime | undefined, tags: string[]): string | null {
  if (runtime?.kind === 'kubelet' && tags.includes(HELD_CONTAINER_TAG)) {
    return 'the kubelet creates and starts a container in one go: nothing can hold it in between';
  }
  if (!tags.includes(PID_NAMESPACE_TAG)) return null;
  if (runtime?.kind === 'kubelet') return null;
  if (!runtime) return 'no pod runtime was chosen';
  return runtime.kind === 'namespaces' ? null : `needs real PID namespaces: ${runtime.why}`;
}
