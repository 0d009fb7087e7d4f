/**
 * Loads data/inventory-seed.json into the inventory table. Existing products are
 * left alone, so re-seeding never resets stock that orders have already moved.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface SeedProduct {
  productId: string;
  name: string;
  priceUsd: number;
  stock: number;
}

export const SEED_FILE = resolve(__dirname, "..", "..", "data", "inventory-seed.json");

export function readSeedProducts(path: string = SEED_FILE): SeedProduct[] {
  return (JSON.parse(readFileSync(path, "utf8")) as { products: SeedProduct[] }).products;
}

/** Returns how many products were added (0 when all were already there). */
export async function seedInventory(documentClient: DynamoDBDocumentClient, tableName: string, products: SeedProduct[] = readSeedProducts()): Promise<number> {
  let added = 0;
  for (const product of products) {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: { productId: product.productId, name: product.name, onHand: product.stock, reserved: 0, shipped: 0 },
          ConditionExpression: "attribute_not_exists(productId)",
        }),
      );
      added++;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  return added;
}
