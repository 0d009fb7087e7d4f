/**
 * Seeds a deployed stack's inventory table from data/inventory-seed.json. Products
 * already in the table are left as they are, so running it twice is safe.
 *
 *   npx tsx scripts/seed-inventory.ts --table <InventoryTableName> [--region us-east-2]
 */
import { parseArgs } from "node:util";
import { createDocumentClient } from "../src/adapters/dynamodb";
import { readSeedProducts, seedInventory } from "../src/adapters/inventory-seed";

const USAGE = "usage: npx tsx scripts/seed-inventory.ts --table <InventoryTableName> [--region us-east-2]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { table: { type: "string" }, region: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.table) throw new Error(`--table is required\n${USAGE}`);
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-2";

  const client = createDocumentClient({ region });
  try {
    const products = readSeedProducts();
    const added = await seedInventory(client, values.table, products);
    console.log(`${values.table} (${region}): added ${added} of ${products.length} products; ${products.length - added} were already there.`);
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
