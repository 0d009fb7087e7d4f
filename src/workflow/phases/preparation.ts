/**
 * Preparation: four independent questions asked at once — is it in stock, will the card
 * pay, what does shipping cost, what is the tax — as the branches of one `parallel`.
 *
 * The card is authorized before tax and shipping are known, so the authorization is a
 * hold that covers the most any order of this subtotal can cost (highest state rate,
 * dearest shipping); the capture later takes the exact total, as card holds work.
 */
import { NestingType, type BatchResult, type DurableContext } from "@aws/durable-execution-sdk-js";
import { OutOfStockError, PaymentDeclinedError } from "../../domain/errors";
import type { Cents } from "../../domain/money";
import { SHIPPING_RATES } from "../../domain/shipping";
import { STATE_TAX_BASIS_POINTS } from "../../domain/tax";
import { subtotalCents, type Totals } from "../../domain/totals";
import type { InventoryRequest, InventoryResponse, PaymentRequest, PaymentResponse, ShippingRequest, ShippingResponse, TaxRequest, TaxResponse } from "../../workers/contracts";
import type { WorkflowConfig } from "../config";
import { WorkerRefusedError, WorkerUnavailableError } from "../errors";
import { invokeWorker } from "../invoke-worker";
import { itemRefs, type AcceptedOrder, type PreparedOrder } from "../model";
import { recordOrderStatus } from "../order-status";
import { PREPARATION_COMPLETION } from "../policies";
import type { Saga } from "../saga";
import { voidPayment } from "./compensations";

type Answer = InventoryResponse | PaymentResponse | ShippingResponse | TaxResponse;

/** A named parallel branch (the SDK's NamedParallelBranch, which its index does not export). */
interface Branch {
  name: string;
  func: (context: DurableContext) => Promise<Answer>;
}

interface Answers {
  inventory?: InventoryResponse;
  payment?: PaymentResponse;
  shipping?: ShippingResponse;
  tax?: TaxResponse;
  /** Branches whose worker never answered, with why. */
  unanswered: string[];
}

export async function prepareOrder(context: DurableContext, accepted: AcceptedOrder, saga: Saga, config: WorkflowConfig): Promise<PreparedOrder> {
  const { orderId, order } = accepted;
  const subtotal = subtotalCents(order.items);
  const holdCents = authorizationHoldCents(subtotal);

  const batch = await context.parallel<Answer>("prepare-order", preparationBranches(accepted, subtotal, holdCents, config), {
    completionConfig: PREPARATION_COMPLETION,
    // Each branch is one invoke, checkpointed on its own; a context per branch would only add operations.
    nesting: NestingType.FLAT,
    // The benchmark's comparison mode: the same branches, one at a time.
    ...(config.preparationMode === "sequential" ? { maxConcurrency: 1 } : {}),
  });
  const answers = readAnswers(batch);

  // Void unless the provider definitely said no: an authorization whose answer was lost may exist.
  if (!answers.payment || answers.payment.ok) saga.add(voidPayment(orderId, config.functions.payment));
  const { shippingCents, taxCents } = acceptAnswers(answers);

  const totals: Totals = { subtotalCents: subtotal, taxCents, shippingCents, totalCents: subtotal + taxCents + shippingCents };
  if (totals.totalCents > holdCents) throw new WorkerRefusedError(`total ${totals.totalCents} exceeds the authorization hold ${holdCents}`);

  await recordOrderStatus(context, orderId, "prepared", { totals });
  return { ...accepted, totals, authorizedCents: holdCents };
}

/** The four branches; each is one worker call, retried inside the branch. */
function preparationBranches({ orderId, order }: AcceptedOrder, subtotal: Cents, holdCents: Cents, { functions }: WorkflowConfig): Branch[] {
  const items = itemRefs(order);
  const { state } = order.shippingAddress;
  const paymentToken = order.paymentToken ? { paymentToken: order.paymentToken } : {};
  const branch = <TRequest>(name: string, functionName: string, request: TRequest): Branch => ({
    name,
    // The branch is already a child context named `name`; the retries need no second one.
    func: (context) => invokeWorker<TRequest, Answer>(context, name, functionName, request),
  });
  return [
    branch<InventoryRequest>("check-inventory", functions.inventory, { action: "check", orderId, items }),
    branch<PaymentRequest>("authorize-payment", functions.payment, { action: "authorize", orderId, amountCents: holdCents, ...paymentToken }),
    branch<ShippingRequest>("quote-shipping", functions.shipping, { action: "quote", orderId, items, state, subtotalCents: subtotal }),
    branch<TaxRequest>("calculate-tax", functions.tax, { action: "calculate", orderId, subtotalCents: subtotal, state }),
  ];
}

const BRANCH_ORDER = ["inventory", "payment", "shipping", "tax"] as const;

function readAnswers(batch: BatchResult<Answer>): Answers {
  const answers: Answers = { unanswered: [] };
  BRANCH_ORDER.forEach((worker, index) => {
    const item = batch.all.find((entry) => entry.index === index);
    if (item?.result !== undefined) Object.assign(answers, { [worker]: item.result });
    else answers.unanswered.push(`${worker}: ${item?.error?.message ?? "no answer"}`);
  });
  return answers;
}

/** The business verdict on the four answers: a refusal is thrown as its domain error. */
function acceptAnswers({ inventory, payment, shipping, tax, unanswered }: Answers): { shippingCents: Cents; taxCents: Cents } {
  if (inventory && !inventory.ok) {
    if (inventory.reason === "OUT_OF_STOCK") throw new OutOfStockError(inventory.unavailable ?? []);
    throw new WorkerRefusedError(`inventory check refused: ${inventory.message}`);
  }
  if (payment && !payment.ok) {
    if (payment.reason === "PAYMENT_DECLINED") throw new PaymentDeclinedError(`payment declined: ${payment.message}`);
    throw new WorkerRefusedError(`payment authorization refused: ${payment.message}`);
  }
  if (unanswered.length) throw new WorkerUnavailableError(`preparation incomplete (${unanswered.join("; ")})`);
  if (!shipping?.ok || shipping.action !== "quote") throw new WorkerRefusedError(`shipping quote refused: ${shipping && !shipping.ok ? shipping.message : "unexpected answer"}`);
  if (!tax?.ok) throw new WorkerRefusedError(`tax calculation refused: ${tax && !tax.ok ? tax.message : "unexpected answer"}`);
  return { shippingCents: shipping.shippingCents, taxCents: tax.taxCents };
}

const HIGHEST_TAX_BASIS_POINTS = Math.max(...Object.values(STATE_TAX_BASIS_POINTS));
const HIGHEST_SHIPPING_CENTS = SHIPPING_RATES.groundCapCents + SHIPPING_RATES.remoteSurchargeCents;

/** Subtotal + tax at the highest state rate (rounded up) + the dearest shipping charge. */
export function authorizationHoldCents(subtotal: Cents): Cents {
  return subtotal + Math.ceil((subtotal * HIGHEST_TAX_BASIS_POINTS) / 10_000) + HIGHEST_SHIPPING_CENTS;
}
