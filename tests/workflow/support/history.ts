/** Reading a finished run's operations in tests. */
import type { DurableOperation, TestResult } from "@aws/durable-execution-sdk-js-testing";

export interface OperationView {
  id: string | undefined;
  parentId: string | undefined;
  name: string | undefined;
  type: string | undefined;
  subType: string | undefined;
  status: string | undefined;
}

export function operationsOf(result: TestResult<unknown>): OperationView[] {
  return result.getOperations().map(view);
}

export function view(operation: DurableOperation): OperationView {
  return {
    id: operation.getId(),
    parentId: operation.getParentId(),
    name: operation.getName(),
    type: operation.getType(),
    subType: operation.getSubType(),
    status: operation.getStatus(),
  };
}

export function named(operations: OperationView[], name: string): OperationView[] {
  return operations.filter((operation) => operation.name === name);
}

export function childrenOf(operations: OperationView[], parent: OperationView | undefined): OperationView[] {
  return operations.filter((operation) => parent !== undefined && operation.parentId === parent.id);
}

/** "TYPE/SubType" of every operation, for asserting that each kind of durable operation ran. */
export function kindsOf(operations: OperationView[]): Set<string> {
  return new Set(operations.map((operation) => `${operation.type}/${operation.subType}`));
}
