/**
 * What "refused properly" means for one answer of the API, as a function that throws
 * with a readable reason (so fast-check can report and shrink the request).
 */
import type { InvalidCase } from "./invalid-requests";
import { apiErrorOf, type HttpAnswer } from "./orders";

/** A V8 stack frame, e.g. `at handler (/var/task/index.js:12:5)`. */
const STACK_FRAME = /\bat .+\(.+:\d+:\d+\)|\bat \/.+:\d+:\d+/;

export function assertRefused(answer: HttpAnswer, invalid: InvalidCase): void {
  const where = `${invalid.label}: ${invalid.request.method ?? "POST"} ${invalid.request.path.slice(0, 120)} answered ${answer.status} ${answer.text.slice(0, 300)}`;
  if (answer.status < 400 || answer.status > 499) throw new Error(`expected a 4xx; ${where}`);
  if (!invalid.expect.statuses.includes(answer.status)) throw new Error(`expected ${invalid.expect.statuses.join(" or ")}; ${where}`);
  const contentType = answer.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("application/json")) throw new Error(`expected a JSON error, got content-type "${contentType}"; ${where}`);
  const error = apiErrorOf(answer);
  if (!error) throw new Error(`expected {"error":{"code","message"}}; ${where}`);
  const texts = [error.code, error.message, ...(error.details ?? []).flatMap((detail) => [detail.field, detail.message])];
  if (!invalid.expect.names.some((name) => texts.some((text) => typeof text === "string" && text.includes(name)))) {
    throw new Error(`the error names none of ${JSON.stringify(invalid.expect.names)}; ${where}`);
  }
  if (STACK_FRAME.test(answer.text)) throw new Error(`the error leaks a stack trace; ${where}`);
}
