/**
 * Hand-written fake SDK clients for adapter unit tests: AWS-shaped errors and a wrapper that records
 * which operations were called.
 */

/** An error as the SDK throws it for an AWS error response (`name` is the AWS error code). */
export function awsError(name: string, httpStatusCode: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`${name} (fake)`), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode },
    $response: { statusCode: httpStatusCode, headers },
  });
}

/** An operation that always fails with `e`. */
export const reject = (e: Error) => () => Promise.reject(e);

/** `impl` with every operation recorded, by method name, in `calls` (in call order). */
export function recording<T extends object>(impl: T): T & { calls: string[] } {
  const calls: string[] = [];
  const wrapped = Object.fromEntries(
    Object.entries(impl).map(([k, f]) => [
      k,
      (input: unknown) => {
        calls.push(k);
        return (f as (i: unknown) => Promise<unknown>)(input);
      },
    ]),
  ) as T;
  return Object.assign(wrapped, { calls });
}
