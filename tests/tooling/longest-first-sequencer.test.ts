/**
 * The order jest runs the suites in: the longest first on a clean clone (no timings),
 * jest's own order once it has timings.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const LongestFirstSequencer = require("../support/longest-first-sequencer") as {
  new (): { sort(tests: FakeTest[]): FakeTest[]; cacheResults(tests: FakeTest[], results: unknown): void };
  LONGEST_FIRST: string[];
};

const ROOT = resolve(__dirname, "..", "..");

interface FakeTest {
  path: string;
  duration?: number;
  context: { config: { cache: boolean; cacheDirectory: string; id: string; haste: object }; hasteFS: { getSize(path: string): number } };
}

let cacheDirectory: string;
beforeEach(() => {
  cacheDirectory = mkdtempSync(join(tmpdir(), "sequencer-"));
});
afterEach(() => rmSync(cacheDirectory, { recursive: true, force: true }));

/** Suites as jest hands them over; file sizes decide jest's order when it has no timings. */
function suites(sizes: Record<string, number>): FakeTest[] {
  const context = { config: { cache: true, cacheDirectory, id: "sequencer-test", haste: {} }, hasteFS: { getSize: (path: string) => sizes[path] ?? 0 } };
  return Object.keys(sizes).map((path) => ({ path, context }));
}

const [longest, secondLongest] = LongestFirstSequencer.LONGEST_FIRST.map((suite) => join(ROOT, suite)) as [string, string];
const bigFile = join(ROOT, "tests/local/dynamodb-transactions.test.ts");
const smallFile = join(ROOT, "tests/domain/money.test.ts");

describe("the order of the suites", () => {
  test("every suite named as one of the longest exists (a rename would silently drop it from the front)", () => {
    for (const suite of LongestFirstSequencer.LONGEST_FIRST) expect({ suite, exists: existsSync(join(ROOT, suite)) }).toEqual({ suite, exists: true });
  });

  test("without timings the longest suites go first, in their listed order, then jest's order by file size", () => {
    const sorted = new LongestFirstSequencer().sort(suites({ [smallFile]: 100, [secondLongest]: 200, [bigFile]: 90_000, [longest]: 300 }));
    expect(sorted.map((test) => test.path)).toEqual([longest, secondLongest, bigFile, smallFile]);
  });

  test("with timings from an earlier run, jest's order (longest measured first) is kept", () => {
    const tests = suites({ [smallFile]: 100, [longest]: 300, [bigFile]: 90_000 });
    const runtimes: Record<string, number> = { [smallFile]: 9_000, [longest]: 1_000, [bigFile]: 5_000 };
    new LongestFirstSequencer().cacheResults(tests, {
      testResults: tests.map((test) => ({ testFilePath: test.path, numFailingTests: 0, skipped: false, perfStats: { runtime: runtimes[test.path] } })),
    });
    const sorted = new LongestFirstSequencer().sort(suites({ [smallFile]: 100, [longest]: 300, [bigFile]: 90_000 }));
    expect(sorted.map((test) => test.path)).toEqual([smallFile, bigFile, longest]);
  });
});
