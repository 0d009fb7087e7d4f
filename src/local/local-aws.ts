/**
 * The fixed identity of the local "AWS account": every ARN, region and pseudo
 * parameter the local stack hands out comes from here, so they agree everywhere.
 */
export const LOCAL_AWS = {
  region: "us-east-2",
  accountId: "000000000000",
  partition: "aws",
  urlSuffix: "amazonaws.com",
  stackName: "local",
  /** Dummy credentials: the local services accept any, and the SDK must not go looking for real ones. */
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
} as const;

/** Default ports, the same as SAM CLI's `start-api` (3000) and `start-lambda` (3001) and DynamoDB Local (8000). */
export const DEFAULT_PORTS = {
  api: 3000,
  lambda: 3001,
  dynamodb: 8000,
} as const;

export const LOCAL_HOST = "127.0.0.1";
