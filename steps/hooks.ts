// Scenario lifecycle: skip what the profile cannot run, give each scenario its own temp dir and
// probe socket, and afterwards kill its whole process tree, dumping the state when it failed.
import { After, Before, Status, setDefaultTimeout } from '@cucumber/cucumber';
import { readFileSync } from 'node:fs';
import { Scenario } from '../harness/scenario.js';
import { loadProfile, type Profile } from '../harness/profiles/profile.js';
import { applicability } from '../harness/applicability.js';
import { runtimeApplicability } from '../harness/pod/runtimes/runtime.js';
import { Timing } from '../harness/timing.js';
import { defaultBehaviour } from '../harness/probe/behaviour.js';
import type { ConformanceWorld } from './world.js';
import { FIGURE_MEDIA_TYPE, INHERENT_WAIT_MEDIA_TYPE, PROCESS_TAG_MEDIA_TYPE, TIMELINE_MEDIA_TYPE } from '../harness/results.js';
import { scenarioTimeline } from './support/timeline.js';

// Steps bound their own waits with the scaled timing; this only catches a wait we forgot.
setDefaultTimeout(120_000);

const profiles = new Map<string, Profile>();

function profileFor(world: ConformanceWorld): Profile {
  const key = world.parameters.profile ?? 'reference';
  if (!profiles.has(key)) profiles.set(key, loadProfile(key));
  return profiles.get(key)!;
}

Before(async function (this: ConformanceWorld, { pickle }) {
  const profile = profileFor(this);
  const tags = pickle.tags.map((t) => t.name);
  const minio = this.parameters.minio;
  const verdict =
    applicability(profile, tags) ??
    (tags.includes('@capability:s3') && minio && 'unavailable' in minio ? `no S3 server: ${minio.unavailable}` : null) ??
    runtimeApplicability(this.parameters.podRuntime, tags);
  if (verdict) {
    this.log(`not applicable: ${verdict}`);
    return 'skipped';
  }
  this.scenario = await Scenario.create({
    profile,
    timing: new Timing(this.parameters.timeScale ?? 1),
    tmpRoot: this.parameters.tmpRoot,
    runTag: this.parameters.runTag ?? `pc-${process.pid}-`,
  });
  this.test = defaultBehaviour(this.scenario.probes.path, this.scenario.tag);
  return undefined;
});

After(async function (this: ConformanceWorld, { result }) {
  if (!this.hasScenario) return;
  this.markerWatcher?.close();
  await this.uploadOrder?.stop();
  if (result?.status === Status.FAILED) this.log(dumpState(this));
  for (const figure of this.scenario.figures) this.attach(figure, FIGURE_MEDIA_TYPE);
  this.attach(String(this.scenario.inherentWaitMs), INHERENT_WAIT_MEDIA_TYPE);
  this.attach(this.scenario.tag, PROCESS_TAG_MEDIA_TYPE);
  // Gathered before the cleanup: it reads the store, which goes with the scenario's dir.
  this.attach(JSON.stringify(await scenarioTimeline(this)), TIMELINE_MEDIA_TYPE);
  for (const server of this.ownServers) await server.stop();
  // Whether every program had ended before the cleanup killed anything.
  const exitedPrograms = this.scenario.programs.every((p) => p.exit);
  const leftovers = await this.scenario.cleanup();
  // Processes the scenario itself left running are expected (it killed them); anything still
  // alive after every program exited escaped its program's process group.
  if (exitedPrograms && leftovers.length > 0) {
    this.log(`processes left behind by the implementation, killed: ${leftovers.map((p) => `${p.pid} ${p.command}`).join('; ')}`);
  }
});

function dumpState(world: ConformanceWorld): string {
  const s = world.scenario;
  const parts = [`scenario dir: ${s.dir}`];
  for (const program of s.programs) {
    parts.push(`${program.name} pid ${program.pid}: ${program.exit ? `exit ${program.exit.code ?? program.exit.signal}` : 'still running'}`);
    for (const stream of ['stdout', 'stderr']) parts.push(`--- ${program.name} ${stream} ---\n${tail(s.path(`${program.name}.${stream}`))}`);
  }
  parts.push(`--- process log ---\n${tail(s.path('logs', 'process-log.txt'))}`);
  parts.push(`--- marker ---\n${tail(s.path('logs', 'marker-file.txt'))}`);
  for (const p of s.probes.probes) {
    const since = (t: bigint): string => `${(Number(t - p.readyAt) / 1e6).toFixed(1)}ms`;
    parts.push(`probe ${p.role} pid ${p.pid}: signals [${p.signals.map((x) => `${x.signal}@${since(x.at)}`).join(', ')}], exiting ${p.exiting ? `${p.exiting.code}@${since(p.exiting.at)}` : 'no'}, gone ${p.goneAt ? since(p.goneAt) : 'no'}`);
  }
  return parts.join('\n');
}

function tail(path: string, max = 4000): string {
  try {
    const text = readFileSync(path, 'utf8');
    return text.length > max ? `[... ${text.length - max} bytes cut]\n${text.slice(-max)}` : text;
  } catch {
    return '(absent)';
  }
}
