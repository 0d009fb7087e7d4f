/**
 * The order jest runs the suites in. With timings from an earlier run (its cache) jest
 * runs the longest first, and this keeps that order. Without them, on a clean clone as in
 * CI, jest goes by file size, which put the longest suite (hot product, 300 orders through
 * a local stack) 51st of 86: it then ran on alone at the end while the other worker idled.
 * So on a cold cache the suites that push hundreds of orders through local stacks go first,
 * longest first (as measured on 2 cores, 5 Dec 2026), and jest's order decides the rest.
 */
const Sequencer = require("@jest/test-sequencer").default;

const LONGEST_FIRST = [
  "tests/reliability/hot-product.test.ts",
  "tests/reliability/intake-crashes.test.ts",
  "tests/bench/bench-smoke.test.ts",
  "tests/reliability/faults.test.ts",
  "tests/reliability/crashes.test.ts",
  "tests/console/console.browser.test.ts",
  "tests/reliability/approval-edge-cases.test.ts",
];

function rank(test) {
  const path = test.path.split("\\").join("/");
  const at = LONGEST_FIRST.findIndex((suite) => path.endsWith(`/${suite}`));
  return at === -1 ? LONGEST_FIRST.length : at;
}

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    // Jest's order: failed first, then by timings, then by file size. It sets test.duration.
    const sorted = super.sort(tests);
    if (sorted.every((test) => test.duration != null)) return sorted;
    return sorted
      .map((test, index) => ({ test, index }))
      .sort((a, b) => rank(a.test) - rank(b.test) || a.index - b.index)
      .map(({ test }) => test);
  }
}

module.exports = LongestFirstSequencer;
module.exports.LONGEST_FIRST = LONGEST_FIRST;
