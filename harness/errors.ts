/** Input the harness cannot use (bad profile, command, tag expression...): exit status 2. */
export class UsageError extends Error {}
