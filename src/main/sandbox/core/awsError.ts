// An error the sandbox answers with, named exactly as AWS names it, so the SDK maps it
// to the same exception class it would raise against the real service.
export class AwsError extends Error {
  constructor(
    /** The AWS error code, e.g. "NotFoundException" or "AccessDenied". */
    readonly code: string,
    message: string,
    /** HTTP status AWS uses for this error. */
    readonly status = 400,
    /** Query-protocol fault side: "Sender" for the caller's mistakes, "Receiver" for ours. */
    readonly fault: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export function validationError(field: string, problem: string, value: unknown = null): AwsError {
  const shown = value === null || value === undefined ? 'null' : `'${String(value)}'`;
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${problem}`,
  );
}
