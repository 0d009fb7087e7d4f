/**
 * AWS Lambda wire errors. The JS SDK reads the exception name from `x-amzn-ErrorType`, then from the body's
 * `__type`/`code`, so callers get the real @aws-sdk/client-lambda exception classes.
 */
export class LambdaServiceError extends Error {
  constructor(
    /** The AWS exception name, e.g. ResourceNotFoundException. */
    readonly type: string,
    readonly statusCode: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = type;
  }

  /** Lambda's error body: `Type` is User for client errors, Service for faults. */
  toBody(): Record<string, string> {
    return { Type: this.statusCode >= 500 ? "Service" : "User", message: this.message, __type: this.type };
  }
}

/** A function, execution or callback that does not exist. */
export class ResourceNotFoundError extends LambdaServiceError {
  constructor(message: string) {
    super("ResourceNotFoundException", 404, message);
  }
}

/** A request that is malformed or not allowed in the current state. */
export class InvalidParameterValueError extends LambdaServiceError {
  constructor(message: string) {
    super("InvalidParameterValueException", 400, message);
  }
}

/** A callback that timed out or was already completed. */
export class CallbackTimeoutError extends LambdaServiceError {
  constructor(message: string) {
    super("CallbackTimeoutException", 400, message);
  }
}

/** A DurableExecutionName reused with a different payload. */
export class DurableExecutionAlreadyStartedError extends LambdaServiceError {
  constructor(message: string) {
    super("DurableExecutionAlreadyStartedException", 409, message);
  }
}

/** A route or method this service does not implement. */
export class UnknownOperationError extends LambdaServiceError {
  constructor(method: string, path: string) {
    super("UnknownOperationException", 404, `No Lambda operation for ${method} ${path}`);
  }
}

/** An unexpected fault inside the service. */
export class ServiceFaultError extends LambdaServiceError {
  constructor(message: string, options?: ErrorOptions) {
    super("ServiceException", 500, message, options);
  }
}

/** Message prefix the SDK classifies as "retry the invocation" rather than "fail the execution". */
export const INVALID_TOKEN_MESSAGE = "Invalid Checkpoint Token";
