/**
 * The official LocalDurableTestRunner's time-skipping environment, for every suite that uses it.
 */
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { install as installFakeClock } from "@sinonjs/fake-timers";

/**
 * How often the fake clock catches up with real time. The runner's skipTime installs
 * @sinonjs/fake-timers with its default of 20 ms, and the fake clock holds every
 * setTimeout and setImmediate until it catches up: the durable SDK batches each
 * checkpoint behind a setImmediate, so every checkpoint waited up to 20 ms of real time.
 * At 2 ms the workflow and conformance suites take 14 s instead of 34 (two jest workers,
 * with less CPU; 5 Dec 2026), and time skipping works as before.
 */
const FAKE_CLOCK_STEP_MS = 2;

/**
 * LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }), with the runner's fake clock
 * stepping every FAKE_CLOCK_STEP_MS. Pair it with LocalDurableTestRunner.teardownTestEnvironment().
 */
export async function setupSkipTimeEnvironment(): Promise<void> {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  useFinerFakeClock();
}

/**
 * Swaps the clock the runner installed for the same clock stepping every FAKE_CLOCK_STEP_MS.
 * The runner keeps its clock in a static field (it ticks it to skip waits and uninstalls
 * it at teardown); the setup options have no say in the step.
 */
function useFinerFakeClock(): void {
  const runner = LocalDurableTestRunner as unknown as { fakeClock?: ReturnType<typeof installFakeClock> };
  if (!runner.fakeClock) throw new Error("LocalDurableTestRunner.fakeClock is gone: the testing library changed how it skips time; revisit useFinerFakeClock");
  const now = Date.now();
  runner.fakeClock.uninstall();
  runner.fakeClock = installFakeClock({ shouldAdvanceTime: true, advanceTimeDelta: FAKE_CLOCK_STEP_MS, shouldClearNativeTimers: true, now });
}
