import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { readSeedProducts } from "../../src/adapters/inventory-seed";
import { loadTemplate, tableDefinitions } from "../../src/local/template";
import { withLocalDynamo } from "../support/local-env";

const local = withLocalDynamo();

test("every table declared in template.yaml exists in the local DynamoDB", async () => {
  const declared = tableDefinitions(loadTemplate()).map((t) => t.logicalId).sort();
  expect(Object.keys(local.dynamo.tableNames).sort()).toEqual(declared);
});

test("the inventory table is seeded from data/inventory-seed.json", async () => {
  const { Items } = await local.doc.send(new ScanCommand({ TableName: local.dynamo.tableNames.InventoryTable }));
  const ids = (Items ?? []).map((i) => i.productId).sort();
  expect(ids).toEqual(readSeedProducts().map((p) => p.productId).sort());
  expect(Items?.every((i) => i.reserved === 0 && i.onHand > 0)).toBe(true);
});
