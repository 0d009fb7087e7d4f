/**
 * Reading an API Gateway proxy request: headers (case-insensitive, as HTTP says) and
 * a JSON body behind three gates in a fixed order: size (413), media type (415),
 * syntax (400). The order matters: an oversized body is refused before it is decoded.
 */
import type { APIGatewayProxyEvent } from "aws-lambda";
import { ErrorCode, HttpError } from "./http";

export const REQUEST_LIMITS = {
  /** Largest accepted body, in bytes of UTF-8. 50 items with 200-character names fit in well under half of it. */
  maxBodyBytes: 32 * 1024,
} as const;

/** Every value sent for a header, whatever the case of its name and whichever of the event's two header maps holds it. */
export function headerValues(event: Pick<APIGatewayProxyEvent, "headers" | "multiValueHeaders">, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, list] of Object.entries(event.multiValueHeaders ?? {})) {
    if (key.toLowerCase() === wanted && list) values.push(...list);
  }
  if (values.length > 0) return values;
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) values.push(value);
  }
  return values;
}

export function headerValue(event: Pick<APIGatewayProxyEvent, "headers" | "multiValueHeaders">, name: string): string | undefined {
  return headerValues(event, name)[0];
}

/** Parses the body as JSON after checking its size and content type; the result is untrusted and still needs validating. */
export function readJsonBody(event: APIGatewayProxyEvent, maxBytes: number = REQUEST_LIMITS.maxBodyBytes): unknown {
  const text = bodyText(event, maxBytes);
  if (text.trim() === "") {
    throw new HttpError(400, ErrorCode.InvalidJson, "The request body is empty; send a JSON object.");
  }
  assertJsonContentType(headerValue(event, "content-type"));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The parser's message quotes the body, which may hold personal data: say only where it broke.
    throw new HttpError(400, ErrorCode.InvalidJson, "The request body is not valid JSON.");
  }
}

function bodyText(event: APIGatewayProxyEvent, maxBytes: number): string {
  const raw = event.body ?? "";
  if (!event.isBase64Encoded) {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes, so short strings skip the exact count.
    if (raw.length * 3 > maxBytes && Buffer.byteLength(raw, "utf8") > maxBytes) throw tooLarge(maxBytes);
    return raw;
  }
  // Base64 grows data by 4/3; refuse before decoding anything clearly too big.
  if (Math.floor((raw.length * 3) / 4) > maxBytes + 2) throw tooLarge(maxBytes);
  const bytes = Buffer.from(raw, "base64");
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, ErrorCode.InvalidJson, "The request body is not valid UTF-8.");
  }
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, ErrorCode.PayloadTooLarge, `The request body is larger than ${maxBytes} bytes.`);
}

/** Accepts `application/json` with an optional UTF-8 charset; anything else is 415. */
export function assertJsonContentType(contentType: string | undefined): void {
  const unsupported = new HttpError(415, ErrorCode.UnsupportedMediaType, "Send the body as application/json (UTF-8).", {
    headers: { "accept-post": "application/json" },
  });
  if (contentType === undefined) throw unsupported;
  const [mediaType = "", ...parameters] = contentType.split(";");
  if (mediaType.trim().toLowerCase() !== "application/json") throw unsupported;
  for (const parameter of parameters) {
    const [name = "", value = ""] = parameter.split("=", 2);
    if (name.trim().toLowerCase() !== "charset") continue;
    const charset = value.trim().replace(/^"(.*)"$/, "$1").toLowerCase();
    if (charset !== "utf-8" && charset !== "utf8") throw unsupported;
  }
}
