import { jest } from '@jest/globals';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Runs `task` while everything written to `console.*`, `process.stdout` and `process.stderr` is
 * captured instead of printed, and returns what was written (including anything logged on the
 * next turns of the event loop, where Express and Koa log after answering).
 */
export async function captureOutput<T>(task: () => Promise<T>): Promise<{ result: T; output: string[] }> {
  const output: string[] = [];
  const record = (...args: unknown[]): void => {
    output.push(args.map(String).join(' '));
  };
  const spies = [
    ...CONSOLE_METHODS.map((method) => jest.spyOn(console, method).mockImplementation(record)),
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (record(chunk), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (record(chunk), true)),
  ];
  try {
    const result = await task();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { result, output };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
