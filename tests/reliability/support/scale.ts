/**
 * One switch for how hard the reliability suites push: RELIABILITY_SCALE=soak for the
 * full sizes of the issue (`npm run test:soak`), anything else (the default) for the
 * sizes `npm test` runs on every change.
 */
export const ReliabilityScale = { Ci: "ci", Soak: "soak" } as const;
export type ReliabilityScale = (typeof ReliabilityScale)[keyof typeof ReliabilityScale];

export interface ReliabilitySizes {
  /** Generated invalid POST /orders requests. */
  invalidOrderRequests: number;
  /** Generated invalid approval requests. */
  invalidApprovalRequests: number;
  /** Identical POSTs sent at once with one Idempotency-Key. */
  concurrentDuplicatePosts: number;
  /** Orders pushed through workers that fail transiently. */
  faultOrders: number;
  /** Orders running while the stack is killed. */
  crashOrders: number;
  /** SIGKILLs of the stack while those orders run. */
  crashKills: number;
  /** SIGKILLs while orders without an Idempotency-Key arrive (intake crashes). */
  intakeKills: number;
  /** Orders of one best-selling product through the API. */
  hotProductOrders: number;
  /** Upper bound for waiting until every order of a suite is terminal. */
  drainTimeoutMs: number;
}

export const SIZES: Record<ReliabilityScale, ReliabilitySizes> = {
  ci: {
    invalidOrderRequests: 300,
    invalidApprovalRequests: 120,
    concurrentDuplicatePosts: 50,
    faultOrders: 30,
    crashOrders: 10,
    crashKills: 3,
    intakeKills: 6,
    hotProductOrders: 300,
    drainTimeoutMs: 150_000,
  },
  soak: {
    invalidOrderRequests: 1_000,
    invalidApprovalRequests: 400,
    concurrentDuplicatePosts: 50,
    faultOrders: 200,
    crashOrders: 50,
    crashKills: 10,
    intakeKills: 20,
    hotProductOrders: 3_000,
    drainTimeoutMs: 600_000,
  },
};

export const SCALE: ReliabilityScale = process.env.RELIABILITY_SCALE === ReliabilityScale.Soak ? ReliabilityScale.Soak : ReliabilityScale.Ci;
export const sizes: ReliabilitySizes = SIZES[SCALE];
