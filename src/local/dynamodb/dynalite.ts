/**
 * The parts of dynalite (4.0.0, which ships no types) that our DynamoDB server reuses:
 * its store, its per-operation validations and actions, and its condition and key helpers.
 * They are required by path; dynalite's own HTTP front door is replaced by ./front-door.
 */

/** An attribute value as it travels on the wire (binary as base64 text). */
export interface WireAttributeValue {
  S?: string;
  N?: string;
  B?: string;
  SS?: string[];
  NS?: string[];
  BS?: string[];
  M?: Record<string, WireAttributeValue>;
  L?: WireAttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}

export type WireItem = Record<string, WireAttributeValue>;

/** A request body after dynalite's type check: any JSON, with parsed expressions added as `_condition`, `_updates`, ... */
export type RequestData = Record<string, unknown>;

/** How dynalite's errors look: an HTTP status and the AWS wire body. */
export interface DynaliteError extends Error {
  statusCode: number;
  body: { __type: string; message?: string; Message?: string };
}

export function isDynaliteError(error: unknown): error is DynaliteError {
  return error instanceof Error && typeof (error as Partial<DynaliteError>).statusCode === "number";
}

type Callback<T> = (error: Error | null | undefined, value?: T) => void;

/** `lock` 1.1: waits for every key, calls back with a function that wraps the callback that releases them. */
export type LockFunction = (keys: string | string[], exec: (release: <F extends (...args: never[]) => void>(done: F) => F) => void) => void;

export interface SubDb {
  get(key: string, callback: Callback<WireItem>): void;
  put(key: string, value: unknown, callback: Callback<void>): void;
  del(key: string, callback: Callback<void>): void;
  lock: LockFunction;
}

export interface BatchOperation {
  type: "put" | "del";
  key: string;
  value?: unknown;
}

/** The one LevelDB (or memory-level) database every table, index and tag lives in, under key prefixes. */
export interface MainDb {
  put(key: string, value: unknown, callback: Callback<void>): void;
  get(key: string, callback: Callback<unknown>): void;
  batch(operations: BatchOperation[], callback: Callback<void>): void;
  iterator(options: { gte: string; lt: string }): AsyncIterable<[string, unknown]>;
  close(callback: Callback<void>): void;
}

export interface TableDescription {
  TableName: string;
  TableStatus: string;
  KeySchema: Array<{ AttributeName: string; KeyType: string }>;
  AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
  GlobalSecondaryIndexes?: Array<{ IndexName: string; KeySchema: Array<{ AttributeName: string }>; Projection: { ProjectionType: string; NonKeyAttributes?: string[] } }>;
  LocalSecondaryIndexes?: Array<{ IndexName: string; KeySchema: Array<{ AttributeName: string }>; Projection: { ProjectionType: string; NonKeyAttributes?: string[] } }>;
}

export interface Store {
  options: { maxItemSize: number };
  db: MainDb;
  getItemDb(tableName: string): SubDb;
  getIndexDb(indexType: "Local" | "Global", tableName: string, indexName: string): SubDb;
  getTable(name: string, callback: Callback<TableDescription>): void;
}

export interface Validation {
  types: Record<string, unknown>;
  custom?: (data: RequestData, store: Store) => string | undefined;
}

/** A dynalite action: `(store, data, callback)`. */
export type DynaliteAction = (store: Store, data: RequestData, callback: Callback<Record<string, unknown>>) => void;

interface DynaliteDb {
  create(options: Record<string, unknown>): Store;
  createKey(item: WireItem, table: TableDescription): string;
  validateKey(key: WireItem, table: TableDescription): DynaliteError | undefined;
  validateItem(item: WireItem, table: TableDescription): DynaliteError | undefined;
  validateUpdates(attributeUpdates: unknown, expressionUpdates: unknown, table: TableDescription): DynaliteError | undefined;
  validateKeyPaths(nestedPaths: unknown, table: TableDescription): DynaliteError | undefined;
  checkConditional(data: RequestData, existingItem: WireItem | undefined): DynaliteError | null | undefined;
  mapPaths(paths: unknown, item: WireItem): WireItem;
  validationError(message: string): DynaliteError;
}

interface DynaliteValidations {
  checkTypes(data: unknown, types: Record<string, unknown>): RequestData;
  checkValidations(data: RequestData, types: Record<string, unknown>, custom: Validation["custom"], store: Store): void;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const dynaliteDb = require("dynalite/db") as DynaliteDb;
export const dynaliteValidations = require("dynalite/validations") as DynaliteValidations;

/** The operations dynalite serves itself, by their X-Amz-Target names. */
export const DYNALITE_OPERATIONS = [
  "BatchGetItem", "BatchWriteItem", "CreateTable", "DeleteItem", "DeleteTable", "DescribeTable", "DescribeTimeToLive",
  "GetItem", "ListTables", "ListTagsOfResource", "PutItem", "Query", "Scan", "TagResource", "UntagResource", "UpdateItem",
  "UpdateTable",
] as const;

export type DynaliteOperationName = (typeof DYNALITE_OPERATIONS)[number];

function lowerFirst(name: string): string {
  return name[0]!.toLowerCase() + name.slice(1);
}

export function dynaliteAction(operation: DynaliteOperationName): DynaliteAction {
  return require(`dynalite/actions/${lowerFirst(operation)}`) as DynaliteAction;
}

export function dynaliteValidation(operation: DynaliteOperationName): Validation {
  return require(`dynalite/validations/${lowerFirst(operation)}`) as Validation;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Runs a dynalite action as a promise; a wire error rejects with the DynaliteError. */
export function runAction(action: DynaliteAction, store: Store, data: RequestData): Promise<Record<string, unknown>> {
  return new Promise((resolvePromise, reject) => {
    action(store, data, (error, result) => (error ? reject(error) : resolvePromise(result ?? {})));
  });
}

export function getTable(store: Store, name: string): Promise<TableDescription> {
  return new Promise((resolvePromise, reject) => {
    store.getTable(name, (error, table) => (error || !table ? reject(error) : resolvePromise(table)));
  });
}

/** The stored item, or undefined; level 10 answers a missing key with undefined, older levels with NotFoundError. */
export function getItem(store: Store, tableName: string, key: string): Promise<WireItem | undefined> {
  return new Promise((resolvePromise, reject) => {
    store.getItemDb(tableName).get(key, (error, item) => {
      if (error && error.name !== "NotFoundError") reject(error);
      else resolvePromise(error ? undefined : item ?? undefined);
    });
  });
}
