import { parseOrderInput, type FieldError, type OrderInput } from "../../src/domain/order";

function validInput(): OrderInput {
  return {
    customerId: "cust-123",
    customerEmail: "buyer@example.com",
    shippingAddress: { line1: "1 Main St", city: "San Francisco", state: "CA", zip: "94105", country: "US" },
    items: [
      { productId: "BOOK-001", name: "Serverless Patterns", quantity: 2, price: 39.99 },
      { productId: "MOUSE-001", name: "Wireless Mouse", quantity: 1, price: 24.99 },
    ],
    paymentToken: "tok_visa",
  };
}

function errorsOf(input: unknown): FieldError[] {
  const result = parseOrderInput(input);
  if (result.ok) throw new Error("expected validation errors");
  return result.errors;
}

describe("order input schema", () => {
  it("accepts a valid order and converts prices to integer cents", () => {
    const result = parseOrderInput(validInput());

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.items).toEqual([
      { productId: "BOOK-001", name: "Serverless Patterns", quantity: 2, unitPriceCents: 3999 },
      { productId: "MOUSE-001", name: "Wireless Mouse", quantity: 1, unitPriceCents: 2499 },
    ]);
    expect(result.value.items[0]).not.toHaveProperty("price");
  });

  it("accepts the minimal address and a lower-case state", () => {
    const input = { ...validInput(), shippingAddress: { state: "ny", zip: "10001-1234" } };
    const result = parseOrderInput(input);
    expect(result.ok && result.value.shippingAddress).toEqual({ state: "NY", zip: "10001-1234" });
  });

  it("names the field of a fractional quantity", () => {
    const input = validInput();
    input.items[0]!.quantity = 1.5;
    expect(errorsOf(input)).toEqual([{ field: "items[0].quantity", message: "must be a whole number" }]);
  });

  it("refuses a price with three decimals", () => {
    const input = validInput();
    input.items[1]!.price = 24.999;
    expect(errorsOf(input)).toEqual([{ field: "items[1].price", message: "must have at most 2 decimals" }]);
  });

  it("refuses extra fields, at the top and nested", () => {
    const input = { ...validInput(), discount: 10, shippingAddress: { state: "CA", zip: "94105", apartment: "4B" } };
    expect(errorsOf(input)).toEqual(
      expect.arrayContaining([
        { field: "discount", message: "is not an allowed field" },
        { field: "shippingAddress.apartment", message: "is not an allowed field" },
      ]),
    );
  });

  it("refuses __proto__ and constructor keys as they arrive from JSON.parse", () => {
    const body = JSON.stringify(validInput()).replace(/^\{/, '{"__proto__":{"admin":true},"constructor":{"prototype":{}},');
    const items = JSON.stringify(validInput()).replace('"quantity":2', '"__proto__":{"x":1},"quantity":2');

    expect(errorsOf(JSON.parse(body))).toEqual([
      { field: "__proto__", message: "is a forbidden key" },
      { field: "constructor", message: "is a forbidden key" },
    ]);
    expect(errorsOf(JSON.parse(items))).toEqual([{ field: "items[0].__proto__", message: "is a forbidden key" }]);
  });

  it("refuses an unknown state code", () => {
    const input = { ...validInput(), shippingAddress: { state: "ZZ", zip: "94105" } };
    expect(errorsOf(input)).toEqual([{ field: "shippingAddress.state", message: "must be a US state code such as CA or NY" }]);
  });

  it("names every missing field", () => {
    expect(errorsOf({}).map((e) => e.field)).toEqual(["customerId", "customerEmail", "shippingAddress", "items"]);
    expect(errorsOf({}).every((e) => e.message === "is required")).toBe(true);
  });

  it("refuses something that is not an object", () => {
    expect(errorsOf("order")).toEqual([{ field: "(root)", message: "must be a JSON object" }]);
    expect(errorsOf(null)).toEqual([{ field: "(root)", message: "must be a JSON object" }]);
  });

  it("checks limits on items, quantities, prices and identifiers", () => {
    const base = validInput();
    const item = base.items[0]!;
    const cases: [unknown, string][] = [
      [{ ...base, items: [] }, "items"],
      [{ ...base, items: Array.from({ length: 51 }, (_, i) => ({ ...item, productId: `P-${i}` })) }, "items"],
      [{ ...base, items: [{ ...item, quantity: 0 }] }, "items[0].quantity"],
      [{ ...base, items: [{ ...item, quantity: 1001 }] }, "items[0].quantity"],
      [{ ...base, items: [{ ...item, price: 0 }] }, "items[0].price"],
      [{ ...base, items: [{ ...item, price: 1_000_000.01 }] }, "items[0].price"],
      [{ ...base, items: [{ ...item, price: "39.99" }] }, "items[0].price"],
      [{ ...base, items: [{ ...item, productId: "book-001" }] }, "items[0].productId"],
      [{ ...base, items: [item, { ...item }] }, "items[1].productId"],
      [{ ...base, customerId: "has space" }, "customerId"],
      [{ ...base, customerEmail: "not-an-email" }, "customerEmail"],
      [{ ...base, shippingAddress: { state: "CA", zip: "9410" } }, "shippingAddress.zip"],
      [{ ...base, shippingAddress: { state: "CA", zip: "94105", country: "CA" } }, "shippingAddress.country"],
      [{ ...base, paymentToken: "" }, "paymentToken"],
    ];
    for (const [input, field] of cases) expect(errorsOf(input).map((e) => e.field)).toEqual([field]);
  });
});
