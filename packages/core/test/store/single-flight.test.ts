import { SingleFlight } from '../../src/store/single-flight.js';

/** A promise with its settle functions exposed, so a test decides when a task finishes. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs one task for concurrent calls with the same key and gives all callers its result', async () => {
    const flight = new SingleFlight<string>();
    const gate = deferred<string>();
    let calls = 0;
    const task = (): Promise<string> => {
      calls += 1;
      return gate.promise;
    };
    const first = flight.run('k', task);
    const second = flight.run('k', task);
    const third = flight.run('k', task);
    expect(calls).toBe(1);
    expect(second).toBe(first);
    expect(third).toBe(first);
    gate.resolve('answer');
    await expect(Promise.all([first, second, third])).resolves.toEqual(['answer', 'answer', 'answer']);
  });

  it('runs one task per distinct key', async () => {
    const flight = new SingleFlight<string>();
    let calls = 0;
    const task = (value: string) => async (): Promise<string> => {
      calls += 1;
      return value;
    };
    const [a, b] = await Promise.all([flight.run('a', task('A')), flight.run('b', task('B'))]);
    expect([a, b]).toEqual(['A', 'B']);
    expect(calls).toBe(2);
  });

  it('counts calls in flight in size and forgets a key once it settles', async () => {
    const flight = new SingleFlight<number>();
    const gate = deferred<number>();
    const pending = flight.run('k', () => gate.promise);
    void flight.run('other', () => Promise.resolve(2));
    expect(flight.size).toBe(2);
    gate.resolve(1);
    await pending;
    expect(flight.size).toBe(0);
  });

  it('runs the task again after it settled', async () => {
    const flight = new SingleFlight<number>();
    let calls = 0;
    const task = async (): Promise<number> => {
      calls += 1;
      return calls;
    };
    await expect(flight.run('k', task)).resolves.toBe(1);
    await expect(flight.run('k', task)).resolves.toBe(2);
  });

  it('shares a rejection with every concurrent caller', async () => {
    const flight = new SingleFlight<number>();
    const gate = deferred<number>();
    const first = flight.run('k', () => gate.promise);
    const second = flight.run('k', () => Promise.resolve(0));
    const failure = new Error('issuer down');
    gate.reject(failure);
    await expect(first).rejects.toBe(failure);
    await expect(second).rejects.toBe(failure);
  });

  it('does not keep a failure: the next call runs the task again', async () => {
    const flight = new SingleFlight<string>();
    await expect(flight.run('k', () => Promise.reject(new Error('issuer down')))).rejects.toThrow('issuer down');
    expect(flight.size).toBe(0);
    await expect(flight.run('k', () => Promise.resolve('recovered'))).resolves.toBe('recovered');
  });
});
