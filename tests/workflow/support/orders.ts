/** Order payloads for workflow tests, built from the seeded products. */
import type { OrderInput } from "../../../src/domain/order";

export const PRODUCTS = {
  book: { productId: "BOOK-001", name: "Serverless Patterns (paperback)", price: 39.99 },
  mouse: { productId: "MOUSE-001", name: "Wireless Mouse", price: 24.99 },
  keyboard: { productId: "KEYBOARD-001", name: "Mechanical Keyboard", price: 89.5 },
  laptop: { productId: "LAPTOP-001", name: "Developer Laptop 14-inch", price: 1899.0 },
  server: { productId: "SERVER-001", name: "Rack Server 2U", price: 7499.0 },
} as const;

type Line = { product: (typeof PRODUCTS)[keyof typeof PRODUCTS] | { productId: string; name: string; price: number }; quantity?: number };

export function anOrder(lines: Line[], overrides: Partial<OrderInput> = {}): OrderInput {
  return {
    customerId: "cust-1001",
    customerEmail: "ada@example.com",
    shippingAddress: { line1: "1 Main St", city: "Sacramento", state: "CA", zip: "95814" },
    items: lines.map(({ product, quantity = 1 }) => ({ ...product, quantity })),
    ...overrides,
  };
}

let sequence = 0;
/** A fresh order id per test, readable in failures. */
export function newOrderId(label: string): string {
  sequence += 1;
  return `wf-${label}-${sequence}`;
}
