import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSpecFromEnv, revisionOf } from './jobspec.js';
import { parseOptions, unsupportedOption, validateOptions } from './options.js';

const E = '"entries":[{"process_log":"/l","marker_file":"/m"}]';
const check = (json: string): string | undefined => validateOptions(parseOptions(json));

test('a value of the wrong type is reported with the name of its field', () => {
  const cases: [string, string][] = [
    ['{', 'could not load config from JSON var SIDECAR_OPTIONS: '],
    ['[]', 'the value must be an object, not []'],
    ['{"entries":"x"}', 'entries must be a list, not "x"'],
    ['{"entries":[{"marker_file":false}]}', 'entries[0].marker_file must be a string, not false'],
    ['{"gcs_options":{"bucket":1}}', 'gcs_options.bucket must be a string, not 1'],
    ['{"gcs_options":{"dry_run":"yes"}}', 'gcs_options.dry_run must be a boolean, not "yes"'],
    ['{"censoring_options":{"minimum_secret_length":1.5}}', 'censoring_options.minimum_secret_length must be an integer, not 1.5'],
  ];
  for (const [json, message] of cases) assert.throws(() => parseOptions(json), (e: Error) => e.message.includes(message), json);
});

test('null is absent and unknown fields are ignored, as with Go', () => {
  const o = parseOptions(`{${E},"gcs_options":null,"entry_error":null,"future_option":1,"ignore_interrupts":true}`);
  assert.deepEqual(o, { entries: [{ process_log: '/l', marker_file: '/m' }], gcs_options: {}, ignore_interrupts: true });
});

test('null options and a null entry are nothing set, as Go decodes them', () => {
  assert.deepEqual(parseOptions('null'), { gcs_options: {}, entries: [] });
  assert.deepEqual(parseOptions('{"entries":[null],"gcs_options":{"items":[null]}}'), { entries: [{}], gcs_options: { items: [''] } });
});

test('validation in upstream order, with upstream wording', () => {
  assert.equal(check('{}'), 'no wrapper.Option entries');
  assert.equal(check('{"entries":[{}]}'), 'entry 0: no log file specified with --process-log');
  assert.equal(check('{"entries":[{"process_log":"/l","marker_file":"/m"},{"process_log":"/l"}]}'), 'entry 1: no marker file specified with --marker-file');
  assert.equal(check(`{${E}}`), 'GCS upload was requested no GCS bucket was provided');
  assert.equal(check(`{${E},"gcs_options":{"dry_run":true}}`), 'gcs_path_strategy must be one of "legacy", "explicit", or "single"');
  assert.equal(check(`{${E},"gcs_options":{"bucket":"s3://b","path_strategy":"single","default_org":"o"}}`), 'default org and repo must be provided for GCS strategy "single"');
  assert.equal(check(`{${E},"secret_directories":[],"censoring_options":{}}`), 'cannot use deprecated options (secret_directories, censoring_{concurrency,buffer_size}) and new options (censoring_options) at the same time');
  // a local directory needs nothing else, not even a path strategy
  assert.equal(check(`{${E},"gcs_options":{"local_output_dir":"/out"}}`), undefined);
  assert.equal(check(`{${E},"gcs_options":{"bucket":"s3://b","path_strategy":"legacy","default_org":"o","default_repo":"r"}}`), undefined);
});

test('the deprecated top-level censoring fields become censoring_options', () => {
  const o = parseOptions(`{${E},"gcs_options":{"local_output_dir":"/o"},"secret_directories":["/s"],"censoring_concurrency":2}`);
  assert.equal(validateOptions(o), undefined);
  assert.deepEqual(o.censoring_options, { secret_directories: ['/s'], censoring_concurrency: 2, censoring_buffer_size: undefined });
});

test('a GCS bucket is refused by name; mediaTypes are checked as media types', () => {
  const unsupported = (json: string): string | undefined => unsupportedOption(parseOptions(json));
  assert.equal(unsupported('{"gcs_options":{"sub_dir":"","mediaTypes":{"log":"text/plain"},"compress_file_types":[]},"censoring_options":{"ini_filenames":[]}}'), undefined);
  const bucket = { bucket: 's3://b', path_strategy: 'explicit' };
  const invalid = (mediaTypes: object): string | undefined => validateOptions(parseOptions(JSON.stringify({ entries: [{ process_log: '/l', marker_file: '/m' }], gcs_options: { ...bucket, mediaTypes } })));
  assert.equal(invalid({ log: 'text/plain', junit: 'application/xml; charset=utf-8' }), undefined);
  assert.equal(invalid({ log: 'text plain' }), 'invalid extension media type "text plain": mime: expected slash after first token');
  assert.equal(invalid({ log: '' }), 'invalid extension media type "": mime: no media type');
  assert.throws(() => parseOptions('{"gcs_options":{"mediaTypes":{"log":1}}}'), /gcs_options\.mediaTypes\.log must be a string, not 1/);
  // GCS: a gs:// bucket, or a plain bucket name
  assert.match(unsupported('{"gcs_options":{"bucket":"gs://b"}}') ?? '', /^Unsupported bucket "gs:\/\/b": .*not to GCS$/);
  assert.match(unsupported('{"gcs_options":{"bucket":"b"}}') ?? '', /^Unsupported bucket "b"/);
  for (const ok of ['{"gcs_options":{"bucket":"s3://b"}}', '{"gcs_options":{"bucket":"file:///b"}}', '{"gcs_options":{"bucket":"gs://b","dry_run":true}}', '{"gcs_options":{"bucket":"gs://b","local_output_dir":"/o"}}']) {
    assert.equal(unsupported(ok), undefined, ok);
  }
});

test('JOB_SPEC: missing or malformed is an error; revision from the pull, else base sha, else base ref', () => {
  assert.throws(() => resolveSpecFromEnv({}), { message: '$JOB_SPEC unset' });
  assert.throws(() => resolveSpecFromEnv({ JOB_SPEC: '{"type": "periodic", "job": ' }), /^Error: malformed \$JOB_SPEC: /);
  assert.throws(() => resolveSpecFromEnv({ JOB_SPEC: '{"buildid":1}' }), { message: 'malformed $JOB_SPEC: buildid must be a string, not 1' });
  assert.deepEqual(resolveSpecFromEnv({ JOB_SPEC: '{"type":"periodic"}' }), { type: 'periodic', job: '', buildid: '' });
  const revision = (refs: string): string => revisionOf(resolveSpecFromEnv({ JOB_SPEC: `{"type":"presubmit",${refs}}` }));
  assert.equal(revision('"refs":{"base_ref":"main","base_sha":"b","pulls":[{"number":1,"sha":"p"}]}'), 'p');
  assert.equal(revision('"refs":{"base_ref":"main","base_sha":"b"}'), 'b');
  assert.equal(revision('"refs":{"base_ref":"main"}'), 'main');
  assert.equal(revision('"refs":{"base_sha":"b","pulls":[{"number":1}]}'), '', 'a pull without a sha: none, as upstream');
  assert.equal(revision('"extra_refs":[{"base_sha":"aux","auxiliary":true},{"base_sha":"x"}]'), 'x');
  assert.equal(revision('"job":"j"'), '');
});
