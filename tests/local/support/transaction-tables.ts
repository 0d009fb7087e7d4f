/**
 * Two small tables shaped like the app's stock reservations: a per-product counter and a
 * per-order reservation item with a global secondary index by product, served by the
 * local DynamoDB in process (or from a data folder, for the crash test's child process).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { startLocalDynamo, type LocalDynamo } from "../../../src/local/dynamodb";
import { parseTemplate, type Template } from "../../../src/local/template";

export const STOCK_TABLE = "StockTable";
export const RESERVATIONS_TABLE = "ReservationsTable";
export const BY_PRODUCT_INDEX = "ByProduct";

export function transactionTemplate(): Template {
  return parseTemplate(`
Resources:
  ${STOCK_TABLE}:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: productId, AttributeType: S }]
      KeySchema: [{ AttributeName: productId, KeyType: HASH }]
  ${RESERVATIONS_TABLE}:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - { AttributeName: orderId, AttributeType: S }
        - { AttributeName: productId, AttributeType: S }
      KeySchema:
        - { AttributeName: orderId, KeyType: HASH }
        - { AttributeName: productId, KeyType: RANGE }
      GlobalSecondaryIndexes:
        - IndexName: ${BY_PRODUCT_INDEX}
          KeySchema:
            - { AttributeName: productId, KeyType: HASH }
            - { AttributeName: orderId, KeyType: RANGE }
          Projection: { ProjectionType: ALL }
`);
}

export interface TransactionTables {
  readonly dynamo: LocalDynamo;
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
}

/** Starts the local DynamoDB with the two tables before the file's tests and stops it after. */
export function withTransactionTables(): TransactionTables {
  let dynamo: LocalDynamo | undefined;
  let doc: DynamoDBDocumentClient | undefined;
  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0, template: transactionTemplate() });
    doc = DynamoDBDocumentClient.from(dynamo.client);
  });
  afterAll(async () => {
    await dynamo?.close();
  });
  const started = () => {
    if (!dynamo || !doc) throw new Error("the local DynamoDB is not started yet (use it inside a test or hook)");
    return { dynamo, doc };
  };
  return {
    get dynamo() {
      return started().dynamo;
    },
    get client() {
      return started().dynamo.client;
    },
    get doc() {
      return started().doc;
    },
  };
}

export type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/** One order's reservation of a product: take `quantity` off its counter and record it under the order. */
export function reservation(orderId: string, productId: string, quantity: number): TransactItems {
  return [
    {
      Update: {
        TableName: STOCK_TABLE,
        Key: { productId },
        UpdateExpression: "SET onHand = onHand - :q ADD reserved :q",
        ConditionExpression: "onHand >= :q",
        ExpressionAttributeValues: { ":q": quantity },
      },
    },
    {
      Put: {
        TableName: RESERVATIONS_TABLE,
        Item: { orderId, productId, quantity },
        ConditionExpression: "attribute_not_exists(orderId)",
      },
    },
  ];
}
