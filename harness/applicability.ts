// Which scenarios a profile can run, from their tags: @role:<role> needs that role in the profile,
// @capability:<name> needs that capability (like csi-sanity's advertised capabilities).
import type { Profile } from './profiles/profile.js';

export const ROLE_TAG = '@role:';
export const CAPABILITY_TAG = '@capability:';
export const CLAUSE_TAG = '@clause:';

/** null when the profile can run a scenario with these tags, else why not. */
export function applicability(profile: Profile, tags: string[]): string | null {
  for (const tag of tags) {
    if (tag.startsWith(ROLE_TAG)) {
      const role = tag.slice(ROLE_TAG.length);
      if (!(role in profile.roles)) return `profile "${profile.name}" has no ${role}`;
    } else if (tag.startsWith(CAPABILITY_TAG)) {
      const capability = tag.slice(CAPABILITY_TAG.length);
      if (!(profile.capabilities as string[]).includes(capability)) return `profile "${profile.name}" lacks capability ${capability}`;
    }
  }
  return null;
}
