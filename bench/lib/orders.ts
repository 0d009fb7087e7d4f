/**
 * The orders the benchmarks send. Synthetic data only: a made-up customer and an
 * example.com address, never anything personal.
 */

export interface BenchOrder {
  customerId: string;
  customerEmail: string;
  shippingAddress: { city: string; state: string; zip: string; country: "US" };
  items: Array<{ productId: string; name: string; quantity: number; price: number }>;
}

/** $79.98 before tax and shipping: far below the approval threshold, so it never waits for a person. */
export function standardOrder(customerId = "bench-customer"): BenchOrder {
  return {
    customerId,
    customerEmail: "bench@example.com",
    shippingAddress: { city: "Sacramento", state: "CA", zip: "95814", country: "US" },
    items: [
      { productId: "BOOK-001", name: "Serverless Patterns (paperback)", quantity: 1, price: 39.99 },
      { productId: "MOUSE-001", name: "Wireless Mouse", quantity: 1, price: 24.99 },
      { productId: "CABLE-001", name: "USB-C Cable 2 m", quantity: 1, price: 9.99 },
    ],
  };
}

/** $7,499 before tax: above the default $5,000 threshold, so it waits for approval. */
export function approvalOrder(customerId = "bench-customer"): BenchOrder {
  return {
    customerId,
    customerEmail: "bench@example.com",
    shippingAddress: { city: "Albany", state: "NY", zip: "12207", country: "US" },
    items: [{ productId: "SERVER-001", name: "Rack Server 2U", quantity: 1, price: 7499.0 }],
  };
}
