import { test } from 'node:test';
import assert from 'node:assert/strict';
import { longestFirstMakespan } from './suite.js';

test("the suite's critical path: inherent waits spread over the workers, longest first", () => {
  assert.equal(longestFirstMakespan([3, 3, 2, 2, 2], 2), 7);
  assert.equal(longestFirstMakespan([10, 1, 1], 2), 10);
  assert.equal(longestFirstMakespan([1, 2, 3], 1), 6);
  assert.equal(longestFirstMakespan([], 2), 0);
});
