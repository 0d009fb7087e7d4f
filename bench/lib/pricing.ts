/**
 * Published prices the cost model uses (US East, on-demand, no free tier).
 * Every one is printed beside the cost figures, so a reader can redo the sum.
 */
export const PRICES = {
  durableOperationUsdPerMillion: 8.0,
  durableDataWrittenUsdPerGb: 0.25,
  durableDataRetainedUsdPerGbMonth: 0.15,
  lambdaRequestUsdPerMillion: 0.2,
  lambdaArmUsdPerGbSecond: 0.0000133334,
  stepFunctionsStandardUsdPerThousandTransitions: 0.025,
  dynamodbWriteRequestUnitUsdPerMillion: 0.625,
  dynamodbReadRequestUnitUsdPerMillion: 0.125,
} as const;

export const PRICE_SOURCES = [
  "Lambda durable functions: $8.00 per million durable operations, $0.25 per GB of data written, $0.15 per GB-month retained (Lambda pricing page)",
  "Lambda: $0.20 per million requests; arm64 compute $0.0000133334 per GB-second (first pricing tier, 1 ms billing granularity)",
  "Step Functions Standard: $0.025 per 1,000 state transitions",
  "DynamoDB on-demand: $0.625 per million write request units, $0.125 per million read request units (since the November 2024 price change)",
  "Free tiers are ignored; prices are us-east-1 list prices",
] as const;

/** GB as AWS bills it for data: 2^30 bytes. */
export const BYTES_PER_GB = 1024 ** 3;

/** A billing month for retention: 30 days. */
export const DAYS_PER_MONTH = 30;
