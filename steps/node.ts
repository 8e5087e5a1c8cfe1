// The real node's event stream, one per worker process (started with the worker's first kubelet
// pod), stopped when the worker's scenarios are done. The node itself belongs to the run
// (harness/run.ts).
import { AfterAll } from '@cucumber/cucumber';
import { stopNodeEvents } from '../harness/pod/runtimes/kubelet.js';

AfterAll(async () => {
  await stopNodeEvents();
});
