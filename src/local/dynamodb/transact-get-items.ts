/**
 * TransactGetItems: up to 100 Gets read as one consistent snapshot. The items are read
 * under the same locks TransactWriteItems and dynalite's writes take, so no write lands
 * between two of the reads.
 */
import { dynaliteDb, dynaliteValidation, getItem, isDynaliteError, type RequestData, type Store, type Validation, type WireItem } from "./dynalite";
import { lockItems } from "./item-locks";
import { failed, succeeded, transactionConsumedCapacity, type OperationOutcome } from "./outcome";
import { multipleOperationsOnOneItem, pickTypes, resolveItem, RETURN_CONSUMED_CAPACITY_TYPE, transactionalRead, transactItemsType, type ResolvedItem } from "./transaction-items";

const getItemValidation = dynaliteValidation("GetItem");

export const transactGetItemsValidation: Validation = {
  types: {
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY_TYPE,
    TransactItems: transactItemsType(
      "TransactGetItem",
      { Get: pickTypes(getItemValidation.types, ["TableName", "Key", "ProjectionExpression", "ExpressionAttributeNames"]) },
      "Get",
    ),
  },
  custom: (data, store) => {
    for (const entry of data.TransactItems as Array<{ Get: RequestData }>) {
      const message = getItemValidation.custom?.(entry.Get, store);
      if (message) return message;
    }
    return undefined;
  },
};

interface GetAction extends ResolvedItem {
  request: RequestData;
}

export async function transactGetItems(store: Store, data: RequestData): Promise<OperationOutcome> {
  const actions: GetAction[] = [];
  for (const { Get: request } of data.TransactItems as Array<{ Get: RequestData }>) {
    const resolved = await resolveItem(store, request.TableName as string, request.Key as WireItem, false);
    if (isDynaliteError(resolved)) return failed(resolved);
    const invalidPath = dynaliteDb.validateKeyPaths((request._projection as { nestedPaths?: unknown } | undefined)?.nestedPaths, resolved.table);
    if (invalidPath) return failed(invalidPath);
    actions.push({ ...resolved, request });
  }
  const duplicate = multipleOperationsOnOneItem(actions);
  if (duplicate) return failed(duplicate);

  const unlock = await lockItems(store, actions);
  let items: Array<WireItem | undefined>;
  try {
    items = await Promise.all(actions.map((action) => getItem(store, action.tableName, action.key)));
  } finally {
    unlock();
  }
  const responses = actions.map(({ request }, i) => {
    const item = items[i];
    if (!item) return {};
    const paths = (request._projection as { paths?: unknown } | undefined)?.paths;
    return { Item: paths ? dynaliteDb.mapPaths(paths, item) : item };
  });
  const consumed = actions.map((action, i) => transactionalRead(action.tableName, items[i]));
  return succeeded({ Responses: responses, ...transactionConsumedCapacity(data.ReturnConsumedCapacity, consumed) }, consumed);
}
