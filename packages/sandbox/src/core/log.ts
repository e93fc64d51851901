/** Where the sandbox writes its log lines. Lines never contain request data or secrets. */
export type Logger = (line: string) => void;

export const consoleLogger: Logger = (line) => {
  console.error(line);
};

/**
 * Describes an unexpected error by its name and stack frames only: messages of errors raised
 * while handling a request can quote the request (a password, a token), frames cannot.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-error thrown (${typeof error})`;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 8)
    .join('\n');
  return `${error.name}${frames ? `\n${frames}` : ''}`;
}
