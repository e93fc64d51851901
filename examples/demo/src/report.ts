// Progress reporting: one line per step as it finishes, with its outcome and time.

export type StepResult = { section: string; name: string; ok: boolean; ms: number; detail: string };

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);

export class Report {
  readonly results: StepResult[] = [];
  #section = '';

  section(title: string): void {
    this.#section = title;
    console.log(`\n${paint(1, title)}`);
  }

  /** Run one step; its return value (a short text) is printed next to it. */
  async step(name: string, run: () => Promise<string | undefined>): Promise<boolean> {
    const started = performance.now();
    let ok = true;
    let detail = '';
    try {
      detail = (await run()) ?? '';
    } catch (error) {
      ok = false;
      detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    const ms = Math.round(performance.now() - started);
    this.results.push({ section: this.#section, name, ok, ms, detail });
    const mark = ok ? paint(32, '✓') : paint(31, '✗');
    const time = paint(2, `${String(ms).padStart(5)} ms`);
    console.log(`  ${mark} ${name.padEnd(64)} ${time}  ${ok ? paint(2, detail) : paint(31, detail)}`);
    return ok;
  }

  get failed(): StepResult[] {
    return this.results.filter((r) => !r.ok);
  }
}

/** Fail a step with a readable reason when an expectation does not hold. */
export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Run `call`, which must fail with an error named `name` (and `code`, if given). */
export async function expectError(call: Promise<unknown>, name: string, code?: string): Promise<string> {
  try {
    await call;
  } catch (error) {
    const e = error as { name?: string; code?: string };
    expect(e.name === name, `expected ${name}, got ${e.name}: ${(error as Error).message}`);
    if (code) expect(e.code === code, `expected code ${code}, got ${e.code}`);
    return `${e.name}${e.code ? ` ${e.code}` : ''}`;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}
