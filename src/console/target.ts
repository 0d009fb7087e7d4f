/**
 * What the console looks at: an orders table and a durable orchestrator, with the AWS
 * SDK clients that reach them. The local stack and a deployed stack differ only here —
 * in the endpoints and credentials of these clients — so every page and action runs
 * the same calls against both.
 */
import { LambdaClient } from "@aws-sdk/client-lambda";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient } from "../adapters/dynamodb";
import { LOCAL_AWS } from "../local/local-aws";
import type { BackendService, ServiceLocation } from "./errors";

export interface ConsoleTarget {
  /** Shown in every page's header: "local stack" or "stack orders-dev · us-east-2". */
  label: string;
  lambda: LambdaClient;
  dynamodb: DynamoDBDocumentClient;
  ordersTable: string;
  /** The durable orchestrator as ListDurableExecutionsByFunction takes it (a name or an ARN). */
  workflowFunction: string;
  /** How each service is named in error messages. */
  locations: Readonly<Record<BackendService, ServiceLocation>>;
  /** Releases the clients' sockets. */
  close(): void;
}

export interface LocalTargetOptions {
  lambdaEndpoint: string;
  dynamodbEndpoint: string;
  /** Default: the local stack's names (tables and functions are named after their logical ids). */
  ordersTable?: string;
  workflowFunction?: string;
}

/** The local stack of `npm run dev`: its endpoints and the dummy credentials it accepts. */
export function localConsoleTarget(options: LocalTargetOptions): ConsoleTarget {
  // One attempt: a stopped local service should show its error at once, not after three backoffs.
  const config = { region: LOCAL_AWS.region, credentials: LOCAL_AWS.credentials, maxAttempts: 1 };
  const lambda = new LambdaClient({ ...config, endpoint: options.lambdaEndpoint });
  const dynamodb = createDocumentClient({ ...config, endpoint: options.dynamodbEndpoint });
  const hint = "Is the local stack running? Start it with `npm run dev`.";
  return {
    label: "local stack",
    lambda,
    dynamodb,
    ordersTable: options.ordersTable ?? "OrdersTable",
    workflowFunction: options.workflowFunction ?? "OrderWorkflowFunction",
    locations: {
      Lambda: { description: `the Lambda service at ${options.lambdaEndpoint}`, unreachableHint: hint },
      DynamoDB: { description: `DynamoDB at ${options.dynamodbEndpoint}`, unreachableHint: hint },
    },
    close: () => {
      lambda.destroy();
      dynamodb.destroy();
    },
  };
}

export interface AwsTargetOptions {
  region: string;
  /** A named profile; absent = the default credential chain. */
  profile?: string;
  ordersTable: string;
  workflowFunction: string;
  label: string;
}

/** A deployed stack: regional endpoints, the caller's own credentials. */
export function awsConsoleTarget(options: AwsTargetOptions): ConsoleTarget {
  const config = { region: options.region, ...(options.profile ? { profile: options.profile } : {}) };
  const lambda = new LambdaClient(config);
  const dynamodb = createDocumentClient(config);
  return {
    label: options.label,
    lambda,
    dynamodb,
    ordersTable: options.ordersTable,
    workflowFunction: options.workflowFunction,
    locations: {
      Lambda: { description: `Lambda in ${options.region}` },
      DynamoDB: { description: `DynamoDB in ${options.region}` },
    },
    close: () => {
      lambda.destroy();
      dynamodb.destroy();
    },
  };
}
