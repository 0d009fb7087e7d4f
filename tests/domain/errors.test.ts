import { IllegalStatusTransitionError, OrderDomainError, OutOfStockError, PaymentDeclinedError, ValidationError } from "../../src/domain/errors";

describe("domain errors", () => {
  it("carry their name, context and cause", () => {
    const cause = new Error("root");
    const errors = [
      new ValidationError([{ field: "items[0].quantity", message: "must be a whole number" }], { cause }),
      new IllegalStatusTransitionError("completed", "failed", { cause }),
      new OutOfStockError(["BOOK-001"], { cause }),
      new PaymentDeclinedError(undefined, { cause }),
    ];

    expect(errors.map((e) => e.name)).toEqual(["ValidationError", "IllegalStatusTransitionError", "OutOfStockError", "PaymentDeclinedError"]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(OrderDomainError);
      expect(error.cause).toBe(cause);
    }
    expect(errors[0]!.message).toBe("invalid order: items[0].quantity must be a whole number");
  });
});
