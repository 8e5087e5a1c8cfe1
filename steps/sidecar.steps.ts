// Steps about the sidecar. The harness plays the test containers (writing their process logs,
// artifacts and markers as entrypoint would) and reads back what the sidecar uploaded.
import { Given, When, Then, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ConformanceWorld } from './world.js';
import type { SignalName } from '../harness/process/signals.js';
import { encodeJobSpec, encodeSidecarOptions, entryArgs } from '../harness/options/sidecar.js';
import { FileBucketStore } from '../harness/stores/file-bucket.js';
import { LocalStore } from '../harness/stores/local.js';
import { BucketStore } from '../harness/stores/bucket-store.js';
import { sharedMinio } from './support/minio.js';
import { MinioServer, planStore } from '../harness/stores/minio-server.js';
import { selfSignedCertificate } from '../harness/stores/self-signed.js';
import { writeAtomically } from '../harness/files/atomic.js';
import { readyWhileWaiting } from '../harness/process/readiness.js';
import { elapsedMs } from '../harness/timing.js';
import { isGzip, type TarFile, tarGz, untarGz } from '../harness/files/tar.js';
import { pollUntil, sleep, sleepUntil } from '../harness/wait.js';
import { assertDoesNotMention, assertMentions, assertTiming, programOutput } from './support/checks.js';
import { artifactsDir, bucket, entry, finishedSaying, key, laidOutAsBucket, readFinished, sidecarExit, store, uploadedObject } from './support/sidecar.js';
import { parseGoDurationMs } from './support/go-duration.js';
import { unescapeText } from './support/text.js';
import { assertTmpdirEmpty, emptyTmpdir } from './support/tmpdir.js';

// pod.steps.ts still imports these from here (until the pod rewrite imports steps/support/sidecar.js).

// ---- the job, the store, the options ----

Given('a {word} job {string} with build id {string}', function (this: ConformanceWorld, type: string, job: string, buildId: string) {
  assert.ok(['periodic', 'postsubmit', 'batch'].includes(type), `use the presubmit step for presubmits, got ${type}`);
  this.job = { ...this.job, type: type as 'periodic' | 'postsubmit' | 'batch', job, buildId };
  if (type !== 'periodic') this.job.refs = { org: 'acme', repo: 'widgets', baseRef: 'main', baseSha: 'b0b0b0b', pulls: type === 'batch' ? [{ number: 7, sha: 'c7c7c7c', author: 'ann' }, { number: 8, sha: 'c8c8c8c', author: 'bob' }] : undefined };
});

Given('a presubmit job {string} with build id {string} for pull {int} of {string}', function (this: ConformanceWorld, job: string, buildId: string, pull: number, orgRepo: string) {
  const [org, repo] = orgRepo.split('/');
  this.job = { type: 'presubmit', job, buildId, refs: { org, repo, baseRef: 'main', baseSha: 'b0b0b0b', pulls: [{ number: pull, sha: 'c7c7c7c', author: 'ann' }] } };
});

Given('the sidecar\'s path_prefix is {string}', function (this: ConformanceWorld, prefix: string) {
  this.sidecarOptions.pathPrefix = prefix;
});

Given('the sidecar\'s sub_dir is {string}', function (this: ConformanceWorld, subDir: string) {
  this.sidecarOptions.subDir = subDir;
});

Given('the sidecar is given its first test container in the deprecated wrapper_options', function (this: ConformanceWorld) {
  this.sidecarOptions.deprecatedWrapperOptions = true;
});

Given('the path strategy is {word}', function (this: ConformanceWorld, strategy: string) {
  this.sidecarOptions.pathStrategy = strategy as 'explicit' | 'legacy' | 'single';
});

Given('the path strategy is {word} with default repository {string}', function (this: ConformanceWorld, strategy: string, orgRepo: string) {
  const [org, repo] = orgRepo.split('/');
  this.sidecarOptions.pathStrategy = strategy as 'explicit' | 'legacy' | 'single';
  this.sidecarOptions.defaultOrg = org;
  this.sidecarOptions.defaultRepo = repo;
});

Given('the sidecar uploads to a local directory', function (this: ConformanceWorld) {
  this.store = new LocalStore(this.scenario.path('uploads'));
});

Given('the sidecar uploads to a file:\\/\\/ bucket', function (this: ConformanceWorld) {
  this.store = new FileBucketStore(this.scenario.path('file-bucket'));
  // (a bucket: validation requires a path strategy)
  this.sidecarOptions.pathStrategy ??= 'explicit';
});

Given('the sidecar only pretends to upload \\(dry_run)', function (this: ConformanceWorld) {
  this.sidecarOptions.dryRun = true;
});

Given('the sidecar only pretends to upload \\(dry_run), with no local output directory', function (this: ConformanceWorld) {
  this.sidecarOptions.dryRun = true;
  this.sidecarOptions.pathStrategy = 'explicit'; // (which a bucket needs)
  setSidecarOption(this, 'gcs_options.local_output_dir', 'null');
});

Given('the sidecar uploads to a MinIO bucket', async function (this: ConformanceWorld) {
  const minio = this.parameters.minio;
  assert.ok(minio && 'binary' in minio, 'no MinIO binary (run through podutils-conformance run with a profile that has the s3 capability)');
  const server = await sharedMinio(minio.binary, this.parameters.tmpRoot);
  const name = `b-${this.scenario.tag.replace(/[^a-z0-9]/g, '-')}`.slice(0, 63).replace(/-+$/, '');
  this.store = await BucketStore.create(server, name, this.scenario.path('s3-credentials.json'));
  // Prow's decoration always sets a path strategy for buckets (validation requires one).
  this.sidecarOptions.pathStrategy ??= 'explicit';
});

Given('the bucket is on a MinIO server of its own that serves only HTTPS, with a self-signed certificate', async function (this: ConformanceWorld) {
  // (the credentials file names the https endpoint and says insecure, as s3Credentials always does)
  const minio = this.parameters.minio;
  assert.ok(minio && 'binary' in minio, 'no MinIO binary (run through podutils-conformance run with a profile that has the s3 capability)');
  const server = await MinioServer.start({ binary: minio.binary, parentDir: this.parameters.tmpRoot, tls: selfSignedCertificate(this.scenario.path('tls')) });
  this.ownServers.push(server);
  this.store = await BucketStore.create(server, 'tls-bucket', this.scenario.path('s3-credentials.json'));
  this.sidecarOptions.pathStrategy ??= 'explicit';
});

Given('the S3 credentials file names no {string}', function (this: ConformanceWorld, list: string) {
  const file = bucket(this).credentialsFile;
  const credentials = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const field of list.split(/,\s*/)) {
    assert.ok(field in credentials, `the credentials file has no "${field}" to leave out`);
    delete credentials[field];
  }
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
});

/** The MinIO server's value for each AWS variable the AWS SDK reads. */
const AWS_VARIABLES: Record<string, (s: BucketStore['server']) => string> = {
  AWS_ACCESS_KEY_ID: (s) => s.accessKey,
  AWS_ACCESS_KEY: (s) => s.accessKey,
  AWS_SECRET_ACCESS_KEY: (s) => s.secretKey,
  AWS_SECRET_KEY: (s) => s.secretKey,
  AWS_ENDPOINT_URL_S3: (s) => s.endpoint,
  AWS_ENDPOINT_URL: (s) => s.endpoint,
  AWS_REGION: (s) => s.region,
  AWS_DEFAULT_REGION: (s) => s.region,
};

function awsVariables(list: string): string[] {
  const names = list.split(/,\s*/);
  for (const name of names) assert.ok(name in AWS_VARIABLES, `unknown variable ${name}; known: ${Object.keys(AWS_VARIABLES).join(', ')}`);
  return names;
}

Given('the sidecar\'s environment has {string} set for the MinIO server', function (this: ConformanceWorld, list: string) {
  for (const name of awsVariables(list)) this.sidecarEnv[name] = AWS_VARIABLES[name](bucket(this).server);
});

// (an empty variable is no value to the AWS SDK; the configuration file is where a machine's
// own AWS setup would give a region)
Given('the sidecar\'s environment names no AWS region and no AWS configuration file', function (this: ConformanceWorld) {
  Object.assign(this.sidecarEnv, { AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_CONFIG_FILE: this.scenario.path('no-aws-config') });
});

Given('the sidecar\'s environment has {string} set to what no server accepts', function (this: ConformanceWorld, list: string) {
  // (port 1 on the loopback: nothing listens there, so an endpoint taken from here fails at once)
  for (const name of awsVariables(list)) this.sidecarEnv[name] = name.startsWith('AWS_ENDPOINT_URL') ? 'http://127.0.0.1:1' : 'podutils-wrong-key';
});

Given('the sidecar uploads to a MinIO bucket that is not up yet', async function (this: ConformanceWorld) {
  const planned = await planStore();
  this.plannedStore = planned;
  this.store = BucketStore.planned(planned, 'late-bucket', this.scenario.path('s3-credentials.json'));
  this.sidecarOptions.pathStrategy ??= 'explicit';
});

When('the MinIO server comes up {duration} later, with the bucket', async function (this: ConformanceWorld, ms: number) {
  const minio = this.parameters.minio;
  assert.ok(minio && 'binary' in minio && this.plannedStore, 'no planned store');
  this.scenario.needsWait(this.scenario.inherentWaitMs + ms);
  // The delay is the scenario: the store is down for that long.
  await sleep(ms);
  const server = await MinioServer.start({ binary: minio.binary, planned: this.plannedStore, parentDir: this.parameters.tmpRoot });
  this.ownServers.push(server);
  await bucket(this).createBucket();
});

Given('the sidecar ignores interrupts', function (this: ConformanceWorld) {
  this.sidecarOptions.ignoreInterrupts = true;
});

Given('the sidecar fails when a test container failed', function (this: ConformanceWorld) {
  this.sidecarOptions.entryError = true;
});

Given('the sidecar uploads the artifact directory', function (this: ConformanceWorld) {
  mkdirSync(artifactsDir(this), { recursive: true });
  this.sidecarOptions.items = [...(this.sidecarOptions.items ?? []), artifactsDir(this)];
});

Given('a test container {string}', function (this: ConformanceWorld, name: string) {
  entry(this, name);
});

Given('the test container {string} has written {string} to its process log', function (this: ConformanceWorld, name: string, text: string) {
  appendFileSync(entry(this, name).processLog, `${unescapeText(text)}\n`);
});

Given('the test container {string} wrote no process log', function (this: ConformanceWorld, name: string) {
  rmSync(entry(this, name).processLog, { force: true });
});

Given('the process log of {string} is a folder', function (this: ConformanceWorld, name: string) {
  // (it opens, as a folder does, and fails at the first read)
  const log = entry(this, name).processLog;
  rmSync(log, { force: true });
  mkdirSync(log);
});

Given('the test container {string} has written the metadata {string}', function (this: ConformanceWorld, name: string, json: string) {
  writeFileSync(entry(this, name).metadataFile!, json);
});

Given('the metadata file of {string} is in a folder that is a file', function (this: ConformanceWorld, name: string) {
  const folder = this.scenario.path('logs', `${name}-not-a-folder`);
  writeFileSync(folder, '');
  entry(this, name).metadataFile = join(folder, 'metadata.json');
});

Given('the metadata file of {string} is a folder', function (this: ConformanceWorld, name: string) {
  mkdirSync(entry(this, name).metadataFile!);
});

Given('the artifact {string} holds {string}', function (this: ConformanceWorld, relative: string, text: string) {
  writeArtifact(this, relative, unescapeText(text));
});

Given('these artifacts, each holding {string}:', function (this: ConformanceWorld, text: string, table: DataTable) {
  for (const [relative] of table.raw()) writeArtifact(this, relative, unescapeText(text));
});

Given('the artifact {string} is a Unix socket left behind, which no one can open', async function (this: ConformanceWorld, relative: string) {
  // (open(2) of a socket fails with ENXIO. A listening server's socket is unlinked when it
  // closes, so a second name, a hard link, is what stays behind.)
  const path = join(artifactsDir(this), ...relative.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  const bound = this.scenario.path('bound.sock');
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(bound, resolve));
  linkSync(bound, path);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

Given('these artifacts, holding these bytes:', function (this: ConformanceWorld, table: DataTable) {
  // (\xNN is one byte, any value: the sniffer's signatures are bytes, not UTF-8 text)
  for (const [relative, bytes] of table.raw()) writeArtifact(this, relative, Buffer.from(unescapeText(bytes), 'latin1'));
});

/** Every file Go's mime package reads the machine's types from (mime/type_unix.go). */
const MIME_DATABASE = ['/usr/local/share/mime/globs2', '/usr/share/mime/globs2', '/etc/mime.types', '/etc/apache2/mime.types', '/etc/apache/mime.types', '/etc/httpd/conf/mime.types'];

/** Fails the scenario, saying why, when this machine cannot give the sidecar a mount namespace. */
function assertMountNamespaces(): void {
  try {
    execFileSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`this scenario needs mount namespaces (unshare --mount, as root): ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * Runs the sidecar in a mount namespace of its own in which Go's MIME database is `files` (path
 * -> lines) and nothing else. The folders that hold those files are overlays there, whose
 * changes land in the scenario's folder: a file can be added or removed whether or not the
 * machine has it, and the machine is left as it was. unshare and sh exec: the pid stays the
 * sidecar's.
 */
function sidecarWithMimeDatabase(world: ConformanceWorld, files: Map<string, string[]>): void {
  assertMountNamespaces();
  const overlays = ['/etc', '/usr/local/share', '/usr/share'].filter((d) => existsSync(d)).map((d, i) => {
    const upper = world.scenario.path(`mime-overlay-${i}`, 'upper');
    const work = world.scenario.path(`mime-overlay-${i}`, 'work');
    mkdirSync(upper, { recursive: true });
    mkdirSync(work, { recursive: true });
    return `mount -t overlay overlay -o lowerdir=${d},upperdir=${upper},workdir=${work} ${d}`;
  });
  const copies = [...files].map(([file, lines], i) => {
    const source = world.scenario.path(`mime-database-${i}`);
    writeFileSync(source, `${lines.join('\n')}\n`);
    return `mkdir -p ${dirname(file)} && cp ${source} ${file}`;
  });
  const script = [...overlays, `rm -f ${MIME_DATABASE.join(' ')}`, ...copies, 'exec "$@"'].join(' && ');
  world.sidecarCommandPrefix = ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'sh'];
}

Given('the sidecar runs in an image whose only MIME database is a mime.types file holding:', function (this: ConformanceWorld, text: string) {
  sidecarWithMimeDatabase(this, new Map([['/etc/mime.types', text.split('\n')]]));
});

Given('the sidecar runs in an image whose MIME database files hold:', function (this: ConformanceWorld, table: DataTable) {
  // (each row is a line of its file)
  const files = new Map<string, string[]>();
  for (const [file, line] of table.raw()) {
    assert.ok(MIME_DATABASE.includes(file), `${file} is not a file Go reads types from (${MIME_DATABASE.join(', ')})`);
    files.set(file, [...(files.get(file) ?? []), line]);
  }
  sidecarWithMimeDatabase(this, files);
});

Given('the sidecar runs in an image without a MIME database', function (this: ConformanceWorld) {
  // As Prow's own images (distroless): Go's mime package then knows its built-in table alone.
  sidecarWithMimeDatabase(this, new Map());
});

Given('the machine\'s MIME database adds types without replacing Go\'s built-in ones', () => {
  // Go reads the first globs2 file that opens (which never replaces a known extension), else
  // the mime.types files (which do). Without a globs2 the built-in types are not the same
  // everywhere, and a scenario about them would judge the machine, not the sidecar.
  const globs = MIME_DATABASE.filter((f) => f.endsWith('/globs2'));
  assert.ok(globs.some((f) => existsSync(f)), `this machine has no ${globs.join(' or ')}: install shared-mime-info`);
});

When('the test writes the artifact {string} holding {string}', function (this: ConformanceWorld, relative: string, text: string) {
  writeArtifact(this, relative, text);
});

function writeArtifact(world: ConformanceWorld, relative: string, text: string | Buffer): void {
  const path = join(artifactsDir(world), ...relative.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

When('the test container {string} writes {string} to its process log', function (this: ConformanceWorld, name: string, text: string) {
  appendFileSync(entry(this, name).processLog, `${text}\n`);
});

Given('the marker of {string} is in a directory that does not exist', function (this: ConformanceWorld, name: string) {
  entry(this, name).markerFile = this.scenario.path('no-such-directory', `${name}-marker.txt`);
});

Given('the marker of {string} is in another directory', function (this: ConformanceWorld, name: string) {
  const e = entry(this, name);
  mkdirSync(this.scenario.path('other-logs'), { recursive: true });
  e.markerFile = this.scenario.path('other-logs', `${name}-marker.txt`);
});

type Json = Record<string, unknown>;
const BROKEN_SIDECAR_OPTIONS: Record<string, (o: Json) => string | null> = {
  'the JSON is malformed': (o) => JSON.stringify(o).slice(0, -2),
  'there are no entries': (o) => JSON.stringify({ ...o, entries: [] }),
  'an entry has no marker_file': (o) => JSON.stringify({ ...o, entries: (o.entries as Json[]).map(({ marker_file: _m, ...e }) => e) }),
  'an entry has no process_log': (o) => JSON.stringify({ ...o, entries: (o.entries as Json[]).map(({ process_log: _p, ...e }) => e) }),
  'there is no destination': (o) => {
    const { local_output_dir: _dir, bucket: _bucket, ...gcs } = o.gcs_options as Json;
    return JSON.stringify({ ...o, gcs_options: gcs });
  },
  'the options are null': () => 'null',
  'SIDECAR_OPTIONS is not set': () => null,
  'an entry is null': (o) => JSON.stringify({ ...o, entries: [null] }),
  'the second entry has no marker_file': (o) => {
    const [first] = o.entries as Json[];
    const { marker_file: _m, ...second } = first;
    return JSON.stringify({ ...o, entries: [first, { ...second, container_name: 'second' }] });
  },
  'the path strategy is unknown': (o) => JSON.stringify({ ...o, gcs_options: bucketOptions({ path_strategy: 'sideways' }) }),
  'the path strategy is legacy with no default repository': (o) => JSON.stringify({ ...o, gcs_options: bucketOptions({ path_strategy: 'legacy', default_org: 'kubernetes' }) }),
  'the path strategy is single with no default organization': (o) => JSON.stringify({ ...o, gcs_options: bucketOptions({ path_strategy: 'single', default_repo: 'test-infra' }) }),
  'a media type is null': (o) => JSON.stringify({ ...o, gcs_options: bucketOptions({ path_strategy: 'explicit', mediaTypes: { log: null } }) }),
  'a media type is not one': (o) => JSON.stringify({ ...o, gcs_options: bucketOptions({ path_strategy: 'explicit', mediaTypes: { log: 'text plain' } }) }),
  'deprecated and current censoring options are both set': (o) => JSON.stringify({ ...o, secret_directories: ['/secrets'], censoring_options: { secret_directories: ['/secrets'] } }),
  'the deprecated censoring_concurrency and censoring_options are both set': (o) => JSON.stringify({ ...o, censoring_concurrency: 2, censoring_options: { secret_directories: ['/secrets'] } }),
  'the deprecated censoring_buffer_size and censoring_options are both set': (o) => JSON.stringify({ ...o, censoring_buffer_size: 4096, censoring_options: { secret_directories: ['/secrets'] } }),
};

/** gcs_options for a bucket (never reached: the options are refused first). */
function bucketOptions(fields: Json): Json {
  return { bucket: 's3://artifacts', s3_credentials_file: '/creds.json', ...fields };
}

Given('SIDECAR_OPTIONS has {string} set to {string}', function (this: ConformanceWorld, field: string, json: string) {
  setSidecarOption(this, field, json);
});

Given('gcs_options.mediaTypes holds:', function (this: ConformanceWorld, table: DataTable) {
  // (\x20 and the like: a table cell cannot begin or end with a space)
  setSidecarOption(this, 'gcs_options.mediaTypes', JSON.stringify(Object.fromEntries(table.raw().map(([ext, type]) => [ext, unescapeText(type)]))));
});

/**
 * `field` is a path ("gcs_options.bucket", "entries.0.args"); `json` goes in as written, so
 * that a literal like 5.0 reaches the sidecar as it is. Each call adds its field.
 */
function setSidecarOption(world: ConformanceWorld, field: string, json: string): void {
  world.sidecarOptionFields.push([field, json]);
  const fields = world.sidecarOptionFields;
  world.breakSidecarOptions = (o) => {
    const copy = structuredClone(o);
    const placeholders = fields.map(([path], i) => {
      const names = path.split('.');
      let at: Record<string, unknown> = copy;
      for (const name of names.slice(0, -1)) {
        at[name] ??= {};
        at = at[name] as Record<string, unknown>;
      }
      const placeholder = `\u0000the value ${i}`;
      at[names.at(-1)!] = placeholder;
      return JSON.stringify(placeholder);
    });
    return placeholders.reduce((text, placeholder, i) => text.replace(placeholder, fields[i][1]), JSON.stringify(copy));
  };
}

Given('SIDECAR_OPTIONS is broken: {}', function (this: ConformanceWorld, problem: string) {
  const breakIt = BROKEN_SIDECAR_OPTIONS[problem];
  if (!breakIt) throw new Error(`unknown problem "${problem}"; known: ${Object.keys(BROKEN_SIDECAR_OPTIONS).join('; ')}`);
  this.breakSidecarOptions = breakIt;
});

Given('the job spec\'s {word} is/are {string}', function (this: ConformanceWorld, field: string, json: string) {
  // Prow's refs and extra_refs, as the job's JOB_SPEC carries them (an empty text: absent)
  const spec = JSON.parse(this.jobSpecOverride ?? encodeJobSpec(this.job));
  if (json !== '') spec[field] = JSON.parse(json);
  this.jobSpecOverride = JSON.stringify(spec);
});

Given('JOB_SPEC is {word}', function (this: ConformanceWorld, problem: string) {
  if (problem === 'missing') this.jobSpecOverride = null;
  else if (problem === 'malformed') this.jobSpecOverride = '{"type": "periodic", "job": ';
  else throw new Error(`unknown JOB_SPEC problem ${problem}`);
});

Given('the secret {string} is mounted for censoring', function (this: ConformanceWorld, secret: string) {
  this.secrets.push(secret);
  mountSecretKey(this, `key-${this.secrets.length}`, `${secret}\n`);
});

Given('the secret volume also holds the key {string} with {string}', function (this: ConformanceWorld, name: string, text: string) {
  // (not in this.secrets: the scenario says what becomes of it)
  mountSecretKey(this, name, unescapeText(text));
});

/**
 * One key of the secret volume, laid out as the kubelet's atomic writer does: the values live in
 * a timestamped directory, `..data` links to it, and each key is a link through `..data`. The
 * `..` entries are the volume's internals, not secrets: a sidecar must not read them as such.
 */
function mountSecretKey(world: ConformanceWorld, name: string, content: string): void {
  const dir = world.scenario.path('secrets');
  const versioned = '..2026_12_02_10_00_00.000000001';
  mkdirSync(join(dir, versioned), { recursive: true });
  if (!existsSync(join(dir, '..data'))) symlinkSync(versioned, join(dir, '..data'));
  writeFileSync(join(dir, versioned, name), content);
  symlinkSync(join('..data', name), join(dir, name));
  world.sidecarOptions.censoring = { ...world.sidecarOptions.censoring, secretDirectories: [dir] };
}

Given('censoring is limited to the artifacts matching {string} and not {string}', function (this: ConformanceWorld, include: string, exclude: string) {
  // each a JSON list of globs, relative to the upload item; [] leaves the option out
  if (!this.sidecarOptions.censoring) throw new Error('mount a secret for censoring first');
  const globs = (json: string): string[] | undefined => ((JSON.parse(json) as string[]).length > 0 ? (JSON.parse(json) as string[]) : undefined);
  this.sidecarOptions.censoring = { ...this.sidecarOptions.censoring, includeDirectories: globs(include), excludeDirectories: globs(exclude) };
});

Given('censoring reads {string} of the secret volume as an INI file', function (this: ConformanceWorld, name: string) {
  if (!this.sidecarOptions.censoring) throw new Error('mount a secret for censoring first');
  this.sidecarOptions.censoring = { ...this.sidecarOptions.censoring, iniFilenames: [...(this.sidecarOptions.censoring.iniFilenames ?? []), name] };
});

Given('censoring leaves out secrets shorter than {int} characters', function (this: ConformanceWorld, length: number) {
  if (!this.sidecarOptions.censoring) throw new Error('mount a secret for censoring first');
  this.sidecarOptions.censoring = { ...this.sidecarOptions.censoring, minimumSecretLength: length };
});

Given('the artifact archive {string} holds {string} with {string}', function (this: ConformanceWorld, archive: string, name: string, text: string) {
  writeArchive(this, archive, name, text, true);
});

Given('the artifact archive {string} holds {string} with {string}, then a header that is corrupt', function (this: ConformanceWorld, archive: string, name: string, text: string) {
  writeArchive(this, archive, name, text, true, true);
});

Given('the artifact archive {string}, made without directory entries, holds {string} with {string}', function (this: ConformanceWorld, archive: string, name: string, text: string) {
  writeArchive(this, archive, name, text, false);
});

Given('the artifact archive {string} holds files whose headers are written these ways:', function (this: ConformanceWorld, archive: string, table: DataTable) {
  // type: 0 (regular) or 7 (contiguous); numbers: octal, spaces or base-256 (see harness/files/tar.ts)
  const files = table.hashes().map(({ name, type, numbers, content }) => {
    if (type !== '0' && type !== '7') throw new Error(`type must be 0 or 7, not ${JSON.stringify(type)}`);
    if (!['octal', 'spaces', 'base-256'].includes(numbers)) throw new Error(`numbers must be octal, spaces or base-256, not ${JSON.stringify(numbers)}`);
    return { name, type: type as TarFile['type'], numbers: numbers as TarFile['numbers'], content: unescapeText(content) };
  });
  const path = join(artifactsDir(this), ...archive.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, tarGz(files));
});

function writeArchive(world: ConformanceWorld, archive: string, name: string, text: string, directoryEntries: boolean, corruptHeader = false): void {
  const path = join(artifactsDir(world), ...archive.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, tarGz([{ name, content: unescapeText(text) }], { directoryEntries, corruptHeader }));
}

/**
 * `mib` MiB of numbered lines with `secret` laid across every 64 KiB boundary (half before, half
 * after), and the same text as censoring should leave it.
 */
function textWithSecretAcrossBoundaries(secret: string, mib: number): { plain: Buffer; censored: Buffer } {
  const size = mib * 1024 * 1024;
  const piece = 64 * 1024;
  const plain = numberedBytes(size);
  const censored = Buffer.from(plain);
  const half = Math.floor(secret.length / 2);
  for (let boundary = piece; boundary < size; boundary += piece) {
    plain.write(secret, boundary - half, 'latin1');
    censored.fill('X', boundary - half, boundary - half + secret.length);
  }
  return { plain, censored };
}

Given('the artifact {string} holds {int} MiB of text with the secret {string} across every 64 KiB boundary', function (this: ConformanceWorld, relative: string, mib: number, secret: string) {
  writeArtifact(this, relative, textWithSecretAcrossBoundaries(secret, mib).plain);
});

Then('the upload holds {string} with the secret {string} censored at each place and nothing else changed', async function (this: ConformanceWorld, name: string, secret: string) {
  await sidecarExit(this);
  const content = await uploadedObject(this, key(this, name));
  const mib = Math.round(content.length / (1024 * 1024));
  const { censored } = textWithSecretAcrossBoundaries(secret, mib);
  assertSameBytes(content, censored, `${name} (as censoring should leave it)`);
});

/** `line` and a newline, as many times as fit in `mib` MiB. */
function repeatedLine(line: string, mib: number): Buffer {
  const one = Buffer.from(`${unescapeText(line)}\n`);
  return Buffer.concat(Array(Math.floor((mib * 1024 * 1024) / one.length)).fill(one));
}

Given('the artifact {string} holds {int} MiB of the line {string}', function (this: ConformanceWorld, relative: string, mib: number, line: string) {
  writeArtifact(this, relative, repeatedLine(line, mib));
});

Then('the upload holds {string} with {int} MiB of the line {string}', async function (this: ConformanceWorld, name: string, mib: number, line: string) {
  await sidecarExit(this);
  assertSameBytes(await uploadedObject(this, key(this, name)), repeatedLine(line, mib), `${name} (as censoring should leave it)`);
});

/** A file's content in an archive's table: the text, or "(<n> KiB of lines)" for that much filler. */
function archiveContent(cell: string): Buffer {
  const m = /^\((\d+) KiB of lines\)$/.exec(cell);
  if (!m) return Buffer.from(unescapeText(cell));
  return numberedBytes(Number(m[1]) * 1024);
}

Given('the artifact archive {string}, made by GNU tar in the {word} format, holds:', function (this: ConformanceWorld, archive: string, format: string, table: DataTable) {
  // As a job makes one: files (a content of "-> target" makes a symbolic link) under a
  // directory, packed with `tar -czf`; long names take the format's own way (prefix, LongLink
  // entries or PAX records).
  const source = this.scenario.path('archive-source');
  const tops = new Set<string>();
  for (const [name, content] of table.rows()) {
    const path = join(source, ...name.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    if (content.startsWith('-> ')) symlinkSync(content.slice(3), path);
    else writeFileSync(path, archiveContent(content));
    tops.add(name.split('/')[0]);
  }
  const path = join(artifactsDir(this), ...archive.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  execFileSync('tar', ['-czf', path, `--format=${format}`, '-C', source, ...tops]);
});

Then('the uploaded archive {string}, unpacked by GNU tar, holds:', async function (this: ConformanceWorld, archive: string, table: DataTable) {
  await sidecarExit(this);
  const content = await uploadedObject(this, key(this, archive));
  const dir = this.scenario.path('uploaded-archive');
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['--warning=no-contiguous-cast', '-xzf', '-', '-C', dir], { input: content });
  for (const [name, text] of table.rows()) {
    const path = join(dir, ...name.split('/'));
    assert.ok(existsSync(path), `${archive} holds no ${name}; it holds: ${readdirSync(dir, { recursive: true }).map(String).sort().join(', ')}`);
    assert.ok(readFileSync(path).equals(archiveContent(text)), `${name} in ${archive} is not ${JSON.stringify(text)}`);
  }
});

Given('the artifact {string} is a gzip file cut short', function (this: ConformanceWorld, relative: string) {
  const whole = gzipSync(Buffer.from(numberedLines(200)));
  writeArtifact(this, relative, whole.subarray(0, Math.floor(whole.length / 2)));
});

Given('the artifact {string} is a link to a file outside the artifacts holding {string}', function (this: ConformanceWorld, relative: string, text: string) {
  const target = this.scenario.path('elsewhere', relative.split('/').at(-1)!);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, unescapeText(text));
  const link = join(artifactsDir(this), ...relative.split('/'));
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link);
});

Then('the file the artifact {string} links to still holds {string}', async function (this: ConformanceWorld, relative: string, text: string) {
  await sidecarExit(this);
  assert.equal(readFileSync(this.scenario.path('elsewhere', relative.split('/').at(-1)!), 'utf8'), unescapeText(text));
});

Given('the secret directories are named in the deprecated top-level secret_directories', function (this: ConformanceWorld) {
  // (upstream's Validate moves the deprecated fields into censoring_options)
  this.breakSidecarOptions = (o) => {
    const { censoring_options: censoring, ...rest } = o as { censoring_options: { secret_directories: string[] } };
    return JSON.stringify({ ...rest, secret_directories: censoring.secret_directories });
  };
});

Given('the sidecar\'s TMPDIR names a folder that does not exist', function (this: ConformanceWorld) {
  this.sidecarEnv.TMPDIR = this.scenario.path('no-such-folder');
});

Given('the sidecar\'s TMPDIR is an empty folder', function (this: ConformanceWorld) {
  emptyTmpdir(this, 'sidecar', this.sidecarEnv);
});

Then('the sidecar\'s TMPDIR is empty again', async function (this: ConformanceWorld) {
  await sidecarExit(this);
  assertTmpdirEmpty(this, 'sidecar');
});

Given('censoring is on, with no secret directories named', function (this: ConformanceWorld) {
  // censoring_options: {} (secret_directories absent, not empty)
  this.sidecarOptions.censoring = {};
});

Given('the upload item {string} does not exist', function (this: ConformanceWorld, relative: string) {
  this.sidecarOptions.items = [...(this.sidecarOptions.items ?? []), this.scenario.path(...relative.split('/'))];
});

/** The one warning `message` of the sidecar's log names `path`. */
async function assertWarningNames(world: ConformanceWorld, message: string, path: string, what: string): Promise<void> {
  await sidecarExit(world);
  const warnings = sidecarLogLines(world).filter((l) => l.msg === message);
  assert.equal(warnings.length, 1, `"${message}" logged ${warnings.length} times`);
  assert.ok(JSON.stringify(warnings[0]).includes(JSON.stringify(path).slice(1, -1)), `the warning does not name ${what}: ${JSON.stringify(warnings[0])}`);
}

Then('the sidecar\'s warning {string} names the upload item {string}', async function (this: ConformanceWorld, message: string, relative: string) {
  await assertWarningNames(this, message, this.scenario.path(...relative.split('/')), relative);
});

Then('the sidecar\'s warning {string} names the artifact {string}', async function (this: ConformanceWorld, message: string, relative: string) {
  await assertWarningNames(this, message, join(artifactsDir(this), ...relative.split('/')), relative);
});

Then('the sidecar\'s warning {string} lists its errors as one: {string} and {string}', async function (this: ConformanceWorld, message: string, first: string, second: string) {
  // Go's aggregate error: "[a, b]", in whichever order the errors came
  await sidecarExit(this);
  const warnings = sidecarLogLines(this).filter((l) => l.msg === message);
  assert.equal(warnings.length, 1, `"${message}" logged ${warnings.length} times`);
  const error = String(warnings[0].error);
  const names = [first, second].map((relative) => join(artifactsDir(this), ...relative.split('/')));
  const parts = /^\[(.*)\]$/.exec(error)?.[1].split(', could not') ?? [];
  assert.equal(parts.length, 2, `not two errors in brackets: ${error}`);
  for (const name of names) assert.equal(parts.filter((p) => p.includes(name)).length, 1, `${name} is not in exactly one of: ${error}`);
});

Then('the sidecar logs {string} and then {string} with a duration within the run', async function (this: ConformanceWorld, first: string, second: string) {
  await sidecarExit(this);
  const lines = sidecarLogLines(this);
  const at = (msg: string): number => lines.findIndex((l) => l.msg === msg);
  assert.ok(at(first) >= 0, `no "${first}" in the sidecar's log`);
  assert.ok(at(second) > at(first), `no "${second}" after "${first}" in the sidecar's log`);
  const duration = String(lines[at(second)].duration);
  const ms = parseGoDurationMs(duration);
  const ran = elapsedMs(this.sidecar!.launchedAt, this.sidecar!.exit!.at);
  assert.ok(ms !== undefined && ms <= ran, `"${second}" gives the duration ${JSON.stringify(duration)}: not a Go duration within the sidecar's ${ran.toFixed(0)} ms`);
});

Then('the sidecar\'s log says it loaded {int} secrets to censor', async function (this: ConformanceWorld, count: number) {
  // (a debug line: the sidecar logs at debug level; each file's content counts, and each value
  // found in registry credentials)
  await sidecarExit(this);
  const loaded = sidecarLogLines(this).filter((l) => l.msg === 'Loaded secrets to censor.');
  assert.deepEqual(loaded.map((l) => l.secrets), [count], `the lines "Loaded secrets to censor.": ${JSON.stringify(loaded)}`);
});

Then('the sidecar logs {string} for each of:', async function (this: ConformanceWorld, message: string, table: DataTable) {
  await sidecarExit(this);
  const dests = sidecarLogLines(this).filter((l) => l.msg === message).map((l) => String(l.dest)).sort();
  assert.deepEqual(dests, table.raw().map(([name]) => name).sort(), `the objects logged with "${message}"`);
});

Then('the sidecar warns {string}', async function (this: ConformanceWorld, message: string) {
  await sidecarExit(this);
  const warnings = sidecarLogLines(this).filter((l) => l.level === 'warning').map((l) => l.msg);
  assert.ok(warnings.includes(message), `no warning "${message}"; the warnings: ${JSON.stringify(warnings)}`);
});

/** Exactly one warning says that `item` could not be resolved. */
async function assertUnresolvedItem(world: ConformanceWorld, item: string): Promise<void> {
  await sidecarExit(world);
  const warnings = sidecarLogLines(world).filter((l) => l.level === 'warning').map((l) => String(l.msg));
  const prefix = `Encountered error in resolving items to upload for ${item}: `;
  assert.equal(warnings.filter((w) => w.startsWith(prefix)).length, 1, `no one warning "${prefix}..."; the warnings: ${JSON.stringify(warnings)}`);
}

Then('the sidecar warns that it cannot resolve the upload item {string}', async function (this: ConformanceWorld, relative: string) {
  await assertUnresolvedItem(this, this.scenario.path(...relative.split('/')));
});

Then('the sidecar warns that it cannot resolve the empty upload item', async function (this: ConformanceWorld) {
  await assertUnresolvedItem(this, '');
});

Then('the sidecar logged no {word}', async function (this: ConformanceWorld, level: string) {
  assert.ok(['warning', 'error'].includes(level), `a level is warning or error, not ${level}`);
  await sidecarExit(this);
  const found = sidecarLogLines(this).filter((l) => l.level === level);
  assert.deepEqual(found.map((l) => l.msg), [], `the sidecar logged at ${level} level: ${found.map((l) => JSON.stringify(l)).join('\n')}`);
});

Given('the local output directory is a file', function (this: ConformanceWorld) {
  const dir = (store(this) as LocalStore).dir;
  rmSync(dir, { recursive: true });
  writeFileSync(dir, '');
});

When('the local output directory is a folder again', function (this: ConformanceWorld) {
  const dir = (store(this) as LocalStore).dir;
  rmSync(dir);
  mkdirSync(dir);
});

Then('the sidecar logs {string} once per batch, naming the local directory', async function (this: ConformanceWorld, message: string) {
  // (the items, then the sidecar's own objects: two batches)
  await sidecarExit(this);
  const dir = (this.store as LocalStore).dir;
  const lines = sidecarLogLines(this).filter((l) => l.msg === message.replace('<dir>', JSON.stringify(dir)));
  assert.equal(lines.length, 2, `"${message}" with ${dir}: logged ${lines.length} times`);
});

Then('the sidecar fails, unable to load SIDECAR_OPTIONS, naming {string}', async function (this: ConformanceWorld, field: string) {
  await sidecarExit(this);
  const fatal = sidecarLogLines(this).filter((l) => l.level === 'fatal').map((l) => String(l.msg));
  const prefix = 'Could not resolve options: could not load config from JSON var SIDECAR_OPTIONS: ';
  assert.equal(fatal.length, 1, `fatal lines: ${JSON.stringify(fatal)}`);
  assert.ok(fatal[0].startsWith(prefix) && fatal[0].slice(prefix.length).includes(field), `the fatal line does not start "${prefix}" and name ${field}: ${fatal[0]}`);
});

Then('the upload holds {string} saying the process log of {string} could not be opened', async function (this: ConformanceWorld, name: string, container: string) {
  await sidecarExit(this);
  const log = entry(this, container).processLog;
  const content = (await uploadedObject(this, key(this, name))).toString('utf8');
  assert.equal(content, `Failed to open ${log}: open ${log}: no such file or directory\n`);
});

Then('the sidecar logs as an error that the process log of {string} could not be opened', async function (this: ConformanceWorld, container: string) {
  await sidecarExit(this);
  const log = entry(this, container).processLog;
  const errors = sidecarLogLines(this).filter((l) => l.level === 'error');
  const found = errors.filter((l) => l.msg === `Failed to open ${log}`);
  assert.equal(found.length, 1, `no one error "Failed to open ${log}"; the errors: ${JSON.stringify(errors)}`);
  assert.equal(found[0].error, `open ${log}: no such file or directory`);
});

/** Waits for `first`, then `second`, in the sidecar's log, for `expectedMs` (an inherent wait) plus the slack. */
async function untilLoggedInOrder(world: ConformanceWorld, first: string, second: string, expectedMs = 0): Promise<void> {
  await pollUntil(() => {
    const msgs = sidecarLogLines(world).map((l) => l.msg);
    return msgs.includes(first) && msgs.indexOf(second, msgs.indexOf(first)) > msgs.indexOf(first);
  }, { what: `"${first}", then "${second}" in the sidecar's log`, timeoutMs: world.scenario.timing.deadlineMs(expectedMs), intervalMs: 25 }).catch(() => {
    assert.fail(`the sidecar's log has no "${first}" followed by "${second}": ${JSON.stringify(sidecarLogLines(world).map((l) => l.msg))}`);
  });
}

Then('the sidecar logs {string}, then {string}', async function (this: ConformanceWorld, first: string, second: string) {
  await untilLoggedInOrder(this, first, second);
});

// An object that fails is tried 4 times, 1, 4 and 9 s apart, and an upload is two batches (the
// items, then the sidecar's own objects): 28 s before an upload that cannot write anything gives up.
Then('the sidecar logs {string}, then, after its upload retries, {string}', async function (this: ConformanceWorld, first: string, second: string) {
  this.scenario.needsWait(this.scenario.inherentWaitMs + 28_000);
  await untilLoggedInOrder(this, first, second, 28_000);
});

Then('the sidecar logs {string} and {string} for each object, with where it went', async function (this: ConformanceWorld, queued: string, finished: string) {
  await sidecarExit(this);
  const dir = (this.store as LocalStore).dir;
  const expected = (await store(this).list()).map((name) => `${dir}/${name}`).sort();
  for (const message of [queued, finished]) {
    const dests = sidecarLogLines(this).filter((l) => l.msg === message).map((l) => String(l.dest)).sort();
    assert.deepEqual(dests, expected, `the destinations logged with "${message}"`);
  }
});

/** The sidecar's JSON log lines, from its error output. */
function sidecarLogLines(world: ConformanceWorld): Record<string, unknown>[] {
  return programOutput(world, world.sidecar, 'stderr').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

Given('the file {string} holds {string} and is an upload item', function (this: ConformanceWorld, relative: string, text: string) {
  const path = this.scenario.path(...relative.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, unescapeText(text));
  this.sidecarOptions.items = [...(this.sidecarOptions.items ?? []), path];
});

/** Exactly `size` bytes of numbered lines (the last one cut short). */
function numberedBytes(size: number): Buffer {
  return Buffer.from(numberedLines(Math.ceil(size / 16)).slice(0, size), 'latin1');
}

/** n numbered lines of 29 bytes each (n > 35 makes more than 1 KiB). */
function numberedLines(n: number): string {
  let text = '';
  for (let i = 1; i <= n; i++) text += `line ${String(i).padStart(5, '0')} of the artifact..\n`;
  return text;
}

Given('the artifact {string} holds {int} lines of text', function (this: ConformanceWorld, relative: string, n: number) {
  writeArtifact(this, relative, numberedLines(n));
});

Given('the sidecar compresses files of the types {string}', function (this: ConformanceWorld, list: string) {
  this.sidecarOptions.compressFileTypes = list.split(/,\s*/);
});

Then('the bucket stores {string} gzip-compressed, holding {int} lines of text', async function (this: ConformanceWorld, objectKey: string, n: number) {
  await sidecarExit(this);
  const content = await bucket(this).read(objectKey);
  assert.ok(content, `no ${objectKey}; objects: ${(await bucket(this).list()).join(', ')}`);
  assert.equal(await bucket(this).contentEncoding(objectKey), 'gzip', `${objectKey} has no Content-Encoding gzip`);
  assert.ok(isGzip(content), `${objectKey} is not gzip-compressed`);
  assert.equal(gunzipSync(content).toString('utf8'), numberedLines(n));
});

Then('the bucket stores {string} marked Content-Encoding gzip, yet holding {int} lines of text as they were written', async function (this: ConformanceWorld, objectKey: string, n: number) {
  // (a .gz or .gzip name says gzip whatever the content: the sidecar believes the name)
  await sidecarExit(this);
  const content = await bucket(this).read(objectKey);
  assert.ok(content, `no ${objectKey}; objects: ${(await bucket(this).list()).join(', ')}`);
  assert.equal(await bucket(this).contentEncoding(objectKey), 'gzip');
  assert.equal(content.toString('utf8'), numberedLines(n));
});

Then('the bucket stores {string} as it is, holding {int} lines of text', async function (this: ConformanceWorld, objectKey: string, n: number) {
  await sidecarExit(this);
  const content = await bucket(this).read(objectKey);
  assert.ok(content, `no ${objectKey}; objects: ${(await bucket(this).list()).join(', ')}`);
  assert.equal(await bucket(this).contentEncoding(objectKey), undefined);
  assert.equal(content.toString('utf8'), numberedLines(n));
});

/** `mib` MiB of filler: "lines" (numbered lines: compress well) or "noise" (a fixed pseudo-random sequence: does not). */
function filler(kind: string, mib: number): Buffer {
  const size = mib * 1024 * 1024;
  if (kind === 'lines') return numberedBytes(size);
  if (kind !== 'noise') throw new Error(`unknown filler "${kind}" (lines or noise)`);
  const out = Buffer.alloc(size);
  let x = 0x2545f491;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeInt32LE(x | 0, i);
  }
  return out;
}

Given('the artifact {string} holds {int} MiB of {word}', function (this: ConformanceWorld, relative: string, mib: number, kind: string) {
  writeArtifact(this, relative, filler(kind, mib));
});

Then('the bucket stores {string} as it is, holding {int} MiB of {word}', async function (this: ConformanceWorld, objectKey: string, mib: number, kind: string) {
  await sidecarExit(this);
  const content = await bucket(this).read(objectKey);
  assert.ok(content, `no ${objectKey}; objects: ${(await bucket(this).list()).join(', ')}`);
  assert.equal(await bucket(this).contentEncoding(objectKey), undefined);
  assertSameBytes(content, filler(kind, mib), objectKey);
});

Then('the bucket stores {string} gzip-compressed, holding {int} MiB of {word}', async function (this: ConformanceWorld, objectKey: string, mib: number, kind: string) {
  await sidecarExit(this);
  const content = await bucket(this).read(objectKey);
  assert.ok(content, `no ${objectKey}; objects: ${(await bucket(this).list()).join(', ')}`);
  assert.equal(await bucket(this).contentEncoding(objectKey), 'gzip', `${objectKey} has no Content-Encoding gzip`);
  assert.ok(isGzip(content), `${objectKey} is not gzip-compressed`);
  assertSameBytes(gunzipSync(content), filler(kind, mib), objectKey);
});

/** Large contents compared without printing megabytes: the sizes, then the first byte that differs. */
function assertSameBytes(actual: Buffer, expected: Buffer, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} bytes stored, ${expected.length} written`);
  if (actual.equals(expected)) return;
  const at = actual.findIndex((b, i) => b !== expected[i]);
  const around = (b: Buffer): string => JSON.stringify(b.subarray(Math.max(0, at - 16), at + 16).toString('latin1'));
  assert.fail(`${what} differs first at byte ${at}: ${around(actual)} where ${around(expected)} was wanted`);
}

Then('the bucket stores {string} as it is, holding {string}', async function (this: ConformanceWorld, objectKey: string, text: string) {
  await sidecarExit(this);
  const content = await bucket(this).read(objectKey);
  assert.ok(content, `no ${objectKey}; objects: ${(await bucket(this).list()).join(', ')}`);
  assert.equal(await bucket(this).contentEncoding(objectKey), undefined);
  assert.equal(content.toString('utf8'), unescape(text));
});

Given('the artifact {string} holds the gzip of {string}', function (this: ConformanceWorld, relative: string, text: string) {
  const path = join(artifactsDir(this), ...relative.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, gzipSync(unescapeText(text)));
});

// ---- running ----

When('the sidecar runs', function (this: ConformanceWorld) {
  if (this.sidecarEntries.length === 0) entry(this, 'test');
  const options = encodeSidecarOptions({ ...this.sidecarOptions, entries: this.sidecarEntries, destination: store(this).destination() });
  const broken = this.breakSidecarOptions ? this.breakSidecarOptions(JSON.parse(options)) : options;
  // (null: the variable is not set at all)
  const env: Record<string, string> = broken === null ? { ...this.sidecarEnv } : { ...this.sidecarEnv, SIDECAR_OPTIONS: broken };
  if (this.jobSpecOverride !== null) env.JOB_SPEC = this.jobSpecOverride ?? encodeJobSpec(this.job);
  this.sidecar = this.sidecarCommandPrefix.length
    ? this.scenario.startCommand('sidecar', [...this.sidecarCommandPrefix, ...this.scenario.command('sidecar')], env)
    : this.scenario.start('sidecar', env);
});

async function sidecarWaiting(world: ConformanceWorld): Promise<void> {
  const sidecar = world.sidecar;
  assert.ok(sidecar, 'the sidecar was not started');
  const timing = world.scenario.timing;
  await readyWhileWaiting(sidecar, dirname(world.sidecarEntries[0].markerFile), { startupMs: timing.startupMs, deadlineMs: timing.deadlineMs() });
}

When('the sidecar is waiting for the markers', async function (this: ConformanceWorld) {
  await sidecarWaiting(this);
});

When('the sidecar receives {signal}', async function (this: ConformanceWorld, signal: SignalName) {
  await sidecarWaiting(this);
  this.sidecarSignals.push({ signal, at: this.scenario.signal(this.sidecar!, signal) });
});

// The folder is moved aside and a copy takes its place: a watch set on the folder follows the
// moved one, so nothing it reports tells of a marker written into the copy.
When('the folder of the markers is replaced by a copy of itself', function (this: ConformanceWorld) {
  const dir = dirname(entry(this, 'test').markerFile);
  const aside = `${dir}-moved-aside`;
  renameSync(dir, aside);
  cpSync(aside, dir, { recursive: true });
});

When('the marker of {string} appears holding {string}', function (this: ConformanceWorld, name: string, content: string) {
  writeAtomically(entry(this, name).markerFile, unescapeText(content));
  this.markerWrittenAt = process.hrtime.bigint();
});

When('the sidecar has started uploading', async function (this: ConformanceWorld) {
  // Its first object shows it has seen the marker: a signal sent earlier would be an interrupt.
  await pollUntil(async () => (await store(this).list()).length > 0, { what: 'the sidecar to start uploading', timeoutMs: this.scenario.timing.deadlineMs(), intervalMs: 10 });
});

When('the sidecar is sent SIGTERM every {duration} until it exits', async function (this: ConformanceWorld, ms: number) {
  const sidecar = this.sidecar;
  assert.ok(sidecar, 'the sidecar was not started');
  const deadline = Date.now() + this.scenario.timing.deadlineMs(60_000);
  // A burst over the whole upload: none of them may stop it.
  const before = this.sidecarSignals.length;
  while (!sidecar.exit && Date.now() < deadline) {
    try {
      this.sidecarSignals.push({ signal: 'SIGTERM', at: this.scenario.signal(sidecar, 'SIGTERM') });
    } catch {
      break; // exited meanwhile
    }
    await sleep(ms);
  }
  this.scenario.figure(`${this.sidecarSignals.length - before} SIGTERM sent while the sidecar finished`);
});

Given('the artifact directory holds {int} files', function (this: ConformanceWorld, count: number) {
  for (let i = 0; i < count; i++) writeArtifact(this, `many/file-${String(i).padStart(5, '0')}.txt`, `content of file ${i}\n`);
});

Then('the upload holds all {int} files of the artifact directory', async function (this: ConformanceWorld, count: number) {
  await sidecarExit(this);
  const keys = (await store(this).list()).filter((k) => k.startsWith(key(this, 'artifacts/many/')));
  assert.equal(keys.length, count, `${keys.length} of ${count} files uploaded`);
});

// ---- results ----


Then('the sidecar exits with status {int} within {duration} of the marker', async function (this: ConformanceWorld, status: number, ms: number) {
  const exit = await sidecarExit(this);
  const marker = this.markerWrittenAt;
  assert.ok(marker, 'no marker was written');
  const check = this.scenario.timing.checkAtMost('sidecar exit after the marker', elapsedMs(marker, exit.at), ms);
  assert.equal(exit.signal, null, `the sidecar was killed by ${exit.signal}`);
  assert.equal(exit.code, status);
  assertTiming(this, check);
});

Then('the sidecar exits with status {int}', async function (this: ConformanceWorld, status: number) {
  const exit = await sidecarExit(this);
  assert.equal(exit.signal, null, `the sidecar was killed by ${exit.signal}`);
  assert.equal(exit.code, status);
});

Then('the sidecar is still waiting, having uploaded nothing', async function (this: ConformanceWorld) {
  await sidecarWaiting(this);
  assert.equal(this.sidecar!.exit, null, 'the sidecar exited');
  assert.deepEqual(await store(this).list(), [], 'objects were uploaded');
});

Then('nothing is uploaded within {duration} of the signal, and the sidecar keeps waiting', async function (this: ConformanceWorld, ms: number) {
  const sent = this.sidecarSignals.at(-1);
  assert.ok(sent, 'no signal was sent to the sidecar');
  this.scenario.needsWait(ms);
  // The assertion is about a span of time: nothing may happen in it.
  await sleepUntil(sent.at, ms);
  assert.deepEqual(await store(this).list(), [], 'objects were uploaded');
  assert.equal(this.sidecar!.exit, null, `the sidecar exited with status ${this.sidecar!.exit?.code}`);
});




Then('finished.json soon says the job was aborted, passed false, while the sidecar keeps waiting', async function (this: ConformanceWorld) {
  const finished = await finishedSaying(this, 'ABORTED');
  assert.equal(finished.passed, false);
  assert.equal(this.sidecar!.exit, null, `the sidecar exited with status ${this.sidecar!.exit?.code}`);
});

Then('finished.json says the result is {string} and passed is {word}', async function (this: ConformanceWorld, result: string, passed: string) {
  await sidecarExit(this);
  const finished = await readFinished(this);
  assert.ok(finished, 'no finished.json was uploaded');
  assert.equal(finished.result, result);
  assert.equal(finished.passed, passed === 'true');
});

Then('finished.json has the keys {string}, in that order', async function (this: ConformanceWorld, list: string) {
  await sidecarExit(this);
  const content = await uploadedObject(this, key(this, 'finished.json'));
  assert.deepEqual(Object.keys(JSON.parse(content.toString('utf8'))), list.split(/,\s*/));
});

Then('finished.json has the revision {string}', async function (this: ConformanceWorld, revision: string) {
  await sidecarExit(this);
  const finished = JSON.parse((await uploadedObject(this, key(this, 'finished.json'))).toString('utf8'));
  assert.equal(finished.revision, revision, `finished.json: ${JSON.stringify(finished)}`);
  assert.deepEqual(Object.keys(finished).slice(-2), ['result', 'revision'], 'revision is the last key');
});

Then('finished.json has no revision', async function (this: ConformanceWorld) {
  await sidecarExit(this);
  const finished = JSON.parse((await uploadedObject(this, key(this, 'finished.json'))).toString('utf8'));
  assert.ok(!('revision' in finished), `finished.json: ${JSON.stringify(finished)}`);
});

Then('finished.json has a timestamp of the upload, in Unix seconds', async function (this: ConformanceWorld) {
  await sidecarExit(this);
  const finished = await readFinished(this);
  const now = Date.now() / 1000;
  assert.ok(typeof finished?.timestamp === 'number' && Number.isInteger(finished.timestamp), `timestamp: ${finished?.timestamp}`);
  assert.ok(Math.abs(now - (finished.timestamp as number)) < 120, `timestamp ${finished.timestamp} is not about now (${now})`);
});

Then('finished.json carries the metadata {string}', async function (this: ConformanceWorld, json: string) {
  await sidecarExit(this);
  const finished = await readFinished(this);
  assert.deepEqual(finished?.metadata, JSON.parse(json));
});

Then('finished.json\'s metadata holds {string} as {string}', async function (this: ConformanceWorld, field: string, json: string) {
  await sidecarExit(this);
  const metadata = (await readFinished(this))?.metadata as Record<string, unknown> | undefined;
  assert.deepEqual(metadata?.[field], JSON.parse(json), `finished.json's metadata: ${JSON.stringify(metadata)}`);
});

Then('finished.json reports one metadata error, under "sidecar-errors", keyed {string}', async function (this: ConformanceWorld, key: string) {
  await sidecarExit(this);
  const finished = await readFinished(this);
  const errors = (finished?.metadata as Record<string, unknown> | undefined)?.['sidecar-errors'];
  assert.ok(errors && typeof errors === 'object', `no sidecar-errors in the metadata: ${JSON.stringify(finished?.metadata)}`);
  assert.deepEqual(Object.keys(errors), [key]);
});

Then('finished.json reports a metadata error for {string} under "sidecar-errors"', async function (this: ConformanceWorld, name: string) {
  await sidecarExit(this);
  const index = this.sidecarEntries.findIndex((e) => e.containerName === name);
  assert.ok(index >= 0, `no test container "${name}"`);
  const finished = await readFinished(this);
  const errors = (finished?.metadata as Record<string, unknown> | undefined)?.['sidecar-errors'];
  assert.ok(errors && typeof errors === 'object', `no sidecar-errors in the metadata: ${JSON.stringify(finished?.metadata)}`);
  // Upstream keys each error by the entry it is about: "entry <index>: <its args joined by spaces>",
  // and gives what Go makes of the error value: an object with something in it.
  const entryName = `entry ${index}: ${entryArgs(name).join(' ')}`;
  assert.deepEqual(Object.keys(errors), [entryName], `sidecar-errors should name only the entry of "${name}": ${JSON.stringify(errors)}`);
  const error = (errors as Record<string, unknown>)[entryName];
  assert.ok(error && typeof error === 'object' && Object.keys(error).length > 0, `the error of ${entryName} says nothing: ${JSON.stringify(error)}`);
});

Then('the sidecar logs the error {string} with the metadata file of {string}', async function (this: ConformanceWorld, words: string, name: string) {
  await sidecarExit(this);
  const message = `${words} ${entry(this, name).metadataFile}`;
  const lines = sidecarLogLines(this).filter((l) => l.msg === message);
  assert.equal(lines.length, 1, `"${message}" logged ${lines.length} times`);
  assert.equal(lines[0].level, 'error', `"${message}" logged at ${String(lines[0].level)}`);
  assert.ok(String(lines[0].error ?? '') !== '', `"${message}" gives no error: ${JSON.stringify(lines[0])}`);
});

Then('the sidecar logs {string} as an error caused by {string}', async function (this: ConformanceWorld, message: string, cause: string) {
  await sidecarExit(this);
  const lines = sidecarLogLines(this);
  const found = lines.filter((l) => l.msg === message && l.level === 'error');
  assert.equal(found.length, 1, `no error "${message}" in the sidecar's log:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`);
  const expected = loggedText(this, cause);
  assert.ok(String(found[0].error).startsWith(expected), `"${message}" is caused by ${JSON.stringify(found[0].error)}, not "${expected}..."`);
});

Then('the upload holds {string} with {string}', async function (this: ConformanceWorld, name: string, text: string) {
  await sidecarExit(this);
  const content = await uploadedObject(this, key(this, name));
  assert.ok(content.toString('utf8').includes(text), `${name} does not contain "${text}": ${JSON.stringify(content.toString('utf8').slice(0, 500))}`);
});

Then('the upload holds {string} with exactly {string}', async function (this: ConformanceWorld, name: string, text: string) {
  await sidecarExit(this);
  const content = await uploadedObject(this, key(this, name));
  assert.equal(content.toString('utf8'), unescapeText(text));
});

Then('the upload holds {string} whose gzip holds exactly {string}', async function (this: ConformanceWorld, name: string, text: string) {
  await sidecarExit(this);
  const content = await uploadedObject(this, key(this, name));
  assert.ok(isGzip(content), `${name} is not gzip-compressed`);
  assert.equal(gunzipSync(content).toString('utf8'), unescapeText(text));
});

Then('the upload holds {string}', async function (this: ConformanceWorld, name: string) {
  // Said while the sidecar may still be uploading (after an interrupt): objects land one by one.
  await uploadedObject(this, key(this, name), { wait: true });
});

Then('the upload holds no {string}', async function (this: ConformanceWorld, name: string) {
  await sidecarExit(this);
  assert.equal(await store(this).read(key(this, name)), null, `${name} was uploaded`);
});

Then('the sidecar\'s own log is uploaded as JSON lines', async function (this: ConformanceWorld) {
  await sidecarExit(this);
  const content = await uploadedObject(this, key(this, 'sidecar-logs.json'));
  const lines = content.toString('utf8').split('\n').filter(Boolean);
  assert.ok(lines.length > 0, 'sidecar-logs.json is empty');
  for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not JSON: ${line}`);
});

Then('the uploaded sidecar-logs.json ends with the line {string}, and each of its lines names the component {string}', async function (this: ConformanceWorld, last: string, component: string) {
  await sidecarExit(this);
  const lines = (await uploadedObject(this, key(this, 'sidecar-logs.json'))).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(lines.at(-1)?.msg, last, `the last line of sidecar-logs.json; its lines:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`);
  for (const line of lines) assert.equal(line.component, component, `a line of sidecar-logs.json: ${JSON.stringify(line)}`);
});

Then('the uploaded objects are:', async function (this: ConformanceWorld, table: DataTable) {
  await sidecarExit(this);
  const expected = table.raw().map(([name]) => key(this, name)).sort();
  assert.deepEqual(await store(this).list(), expected);
});

Then('the uploaded archive {string} holds {string} with exactly {string}', async function (this: ConformanceWorld, archive: string, name: string, text: string) {
  await sidecarExit(this);
  const content = await uploadedObject(this, key(this, archive));
  const files = untarGz(content);
  assert.equal(files.get(name)?.toString('utf8'), unescapeText(text), `${name} in ${archive}`);
});

Then('no uploaded object contains a secret, plain or base64-encoded', async function (this: ConformanceWorld) {
  // Checks what has been uploaded so far: the scenario decides whether the sidecar has finished.
  const forms = this.secrets.flatMap((secret) => [secret, Buffer.from(secret).toString('base64')]);
  for (const name of await store(this).list()) {
    const raw = (await store(this).read(name))!;
    // Look inside compressed archives too: a secret there is just as leaked.
    const texts = [raw.toString('latin1')];
    if (isGzip(raw)) for (const inner of untarGz(raw).values()) texts.push(inner.toString('latin1'));
    for (const text of texts) for (const form of forms) assert.ok(!text.includes(form), `${name} contains "${form}"`);
  }
});


Then('the build\'s objects are under {string}', async function (this: ConformanceWorld, dir: string) {
  await sidecarExit(this);
  const keys = await laidOutAsBucket(this).list();
  for (const name of ['build-log.txt', 'finished.json', 'sidecar-logs.json']) {
    assert.ok(keys.includes(`${dir}/${name}`), `no ${dir}/${name}; objects: ${keys.join(', ')}`);
  }
});

Then('the bucket holds {string} with exactly {string}', async function (this: ConformanceWorld, objectKey: string, text: string) {
  await sidecarExit(this);
  const content = await uploadedObject(this, objectKey, { from: laidOutAsBucket(this) });
  const expected = unescapeText(text);
  assert.equal(content.toString('utf8'), expected.includes('<bucket>') ? expected.replace('<bucket>', bucket(this).name) : expected);
});

Then('the bucket holds exactly these objects:', async function (this: ConformanceWorld, table: DataTable) {
  await sidecarExit(this);
  assert.deepEqual((await bucket(this).list()).sort(), table.raw().map(([name]) => name).sort());
});

Then('the bucket holds no {string}', async function (this: ConformanceWorld, objectKey: string) {
  await sidecarExit(this);
  assert.equal(await bucket(this).read(objectKey), null, `${objectKey} was uploaded`);
});

Then('the bucket stores {string} gzip-encoded', async function (this: ConformanceWorld, objectKey: string) {
  await sidecarExit(this);
  assert.equal(await bucket(this).contentEncoding(objectKey), 'gzip');
});

Then('nothing was uploaded', async function (this: ConformanceWorld) {
  await sidecarExit(this);
  assert.deepEqual(await store(this).list(), []);
});

Then('the sidecar\'s error output mentions {string}', async function (this: ConformanceWorld, pattern: string) {
  await sidecarExit(this);
  assertMentions(programOutput(this, this.sidecar, 'stderr'), pattern);
});

Then('the sidecar\'s error output does not mention {string}', async function (this: ConformanceWorld, pattern: string) {
  await sidecarExit(this);
  assertDoesNotMention(programOutput(this, this.sidecar, 'stderr'), pattern);
});

/** A message as the features write it: <artifacts> and <uploads> stand for the scenario's folders. */
function loggedText(world: ConformanceWorld, text: string): string {
  const uploads = store(world) instanceof LocalStore ? (store(world) as LocalStore).dir : '<uploads>';
  return unescapeText(text).replaceAll('<artifacts>', artifactsDir(world)).replaceAll('<uploads>', uploads);
}

Then('the sidecar logged these lines at info level, in this order among others:', async function (this: ConformanceWorld, table: DataTable) {
  await sidecarExit(this);
  const info = sidecarLogLines(this).filter((l) => l.level === 'info').map((l) => String(l.msg));
  let at = 0;
  for (const [text] of table.raw()) {
    const wanted = loggedText(this, text);
    const found = info.indexOf(wanted, at);
    assert.ok(found >= 0, `no info line ${JSON.stringify(wanted)} after line ${at} of:\n${info.map((m, i) => `${i}: ${JSON.stringify(m)}`).join('\n')}`);
    at = found + 1;
  }
});

Then('each uploaded file was logged as queued and then as finished, by its path', async function (this: ConformanceWorld) {
  await sidecarExit(this);
  const dir = (store(this) as LocalStore).dir;
  const lines = sidecarLogLines(this);
  const keys = await store(this).list();
  assert.ok(keys.length > 0, 'nothing was uploaded');
  for (const key of keys) {
    const dest = join(dir, ...key.split('/'));
    const queued = lines.findIndex((l) => l.msg === 'Queued for upload' && l.dest === dest);
    const finished = lines.findIndex((l) => l.msg === 'Finished upload' && l.dest === dest);
    assert.ok(queued >= 0, `no "Queued for upload" with dest ${dest}`);
    assert.ok(finished > queued, `no "Finished upload" with dest ${dest} after it was queued`);
  }
});

Then('every line the sidecar logged names the component {string}', async function (this: ConformanceWorld, component: string) {
  await sidecarExit(this);
  const lines = sidecarLogLines(this);
  assert.ok(lines.length > 0, 'the sidecar logged nothing');
  for (const line of lines) assert.equal(line.component, component, `a line of the sidecar's log: ${JSON.stringify(line)}`);
});

Then('the sidecar fails with the message {string}', async function (this: ConformanceWorld, message: string) {
  await sidecarExit(this);
  const lines = sidecarLogLines(this);
  const fatal = lines.filter((l) => l.level === 'fatal');
  assert.deepEqual(fatal.map((l) => l.msg), [message], `the sidecar's log lines:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`);
});

/** The object is in the bucket with that Content-Type. */
async function assertStoredType(world: ConformanceWorld, objectKey: string, type: string): Promise<void> {
  await sidecarExit(world);
  assert.ok(await bucket(world).read(objectKey), `no ${objectKey}; objects: ${(await bucket(world).list()).join(', ')}`);
  assert.equal(await bucket(world).contentType(objectKey), type, `the Content-Type of ${objectKey}`);
}

Then('the bucket stores these objects with these Content-Types:', async function (this: ConformanceWorld, table: DataTable) {
  await sidecarExit(this);
  const wrong: string[] = [];
  // (\t and the like: what a table cell cannot show)
  for (const [objectKey, type] of table.raw().map(([key, written]) => [key, unescapeText(written)])) {
    const found = (await bucket(this).read(objectKey)) ? await bucket(this).contentType(objectKey) : 'no such object';
    if (found !== type) wrong.push(`${objectKey}: ${found} (expected ${type})`);
  }
  assert.deepEqual(wrong, [], `Content-Types that differ:\n${wrong.join('\n')}`);
});

Then('the bucket stores {string} with Content-Type {string}', async function (this: ConformanceWorld, objectKey: string, type: string) {
  await assertStoredType(this, objectKey, type);
});

Then('the bucket stores {string} with Content-Type {string} and Content-Encoding {string}', async function (this: ConformanceWorld, objectKey: string, type: string, encoding: string) {
  // encoding "none": no Content-Encoding at all
  await assertStoredType(this, objectKey, type);
  assert.equal(await bucket(this).contentEncoding(objectKey), encoding === 'none' ? undefined : encoding, `the Content-Encoding of ${objectKey}`);
});
