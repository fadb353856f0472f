import { IssuerUnavailableError } from '../../src/errors.js';
import { CallGate, type CallGateSettings } from '../../src/issuer/call-gate.js';

const clock = { ms: 1_000_000 };
const gateOf = (settings: Partial<CallGateSettings> = {}): CallGate =>
  new CallGate({ what: 'JWKS', cooldownMs: 30_000, maxConcurrent: 2, maxWaiting: 2, now: () => clock.ms, ...settings });
const down = (issuerRetryAfterSeconds?: number) =>
  new IssuerUnavailableError("The issuer's JWKS endpoint gave no usable answer", {
    cause: new Error('JWKS https://issuer.example/jwks: HTTP 503'),
    issuerRetryAfterSeconds,
  });

/** A call that counts itself and fails or succeeds as told. */
function counted(outcome: 'ok' | IssuerUnavailableError | Error) {
  const call = async (): Promise<string> => {
    call.count += 1;
    if (outcome === 'ok') return 'answer';
    throw outcome;
  };
  call.count = 0;
  return call;
}

describe('CallGate', () => {
  it('passes calls and their answers through while the endpoint answers', async () => {
    const gate = gateOf();
    const call = counted('ok');
    await expect(gate.run(call)).resolves.toBe('answer');
    await expect(gate.run(call)).resolves.toBe('answer');
    expect(call.count).toBe(2);
  });

  it('answers 503 at once for the cooldown after a failed call, with the time left as Retry-After', async () => {
    const gate = gateOf();
    const failing = counted(down());
    await expect(gate.run(failing)).rejects.toBeInstanceOf(IssuerUnavailableError);
    clock.ms += 10_000;
    const error = (await gate.run(failing).catch((caught: unknown) => caught)) as IssuerUnavailableError;
    expect(error).toBeInstanceOf(IssuerUnavailableError);
    expect(error.retryAfterSeconds).toBe(20);
    expect(String(error.cause)).toContain('not called again for 20 s after a failure');
    expect(String((error.cause as Error).cause)).toContain('HTTP 503');
    expect(failing.count).toBe(1);
  });

  it('makes one call per cooldown window whatever the load, and opens again after a good probe', async () => {
    const gate = gateOf();
    const failing = counted(down());
    for (let i = 0; i < 200; i += 1) await gate.run(failing).catch(() => undefined);
    expect(failing.count).toBe(1);
    clock.ms += 30_000;
    const healthy = counted('ok');
    await expect(gate.run(healthy)).resolves.toBe('answer');
    await expect(gate.run(healthy)).resolves.toBe('answer');
    expect(healthy.count).toBe(2);
  });

  it('lets a single probe through after the cooldown, answering the others 503 until it settles', async () => {
    const gate = gateOf({ maxConcurrent: 10 });
    await gate.run(counted(down())).catch(() => undefined);
    clock.ms += 30_000;
    let finish: (value: string) => void = () => undefined;
    const probe = gate.run(() => new Promise<string>((resolve) => (finish = resolve)));
    const others = await Promise.allSettled([gate.run(counted('ok')), gate.run(counted('ok'))]);
    expect(others.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    finish('answer');
    await expect(probe).resolves.toBe('answer');
    await expect(gate.run(counted('ok'))).resolves.toBe('answer');
  });

  it("stays closed as long as the issuer's Retry-After asks, up to five minutes", async () => {
    const gate = gateOf();
    await gate.run(counted(down(120))).catch(() => undefined);
    clock.ms += 60_000;
    await expect(gate.run(counted('ok'))).rejects.toMatchObject({ retryAfterSeconds: 60 });
    const capped = gateOf();
    await capped.run(counted(down(86_400))).catch(() => undefined);
    clock.ms += 300_000;
    await expect(capped.run(counted('ok'))).resolves.toBe('answer');
  });

  it('stays open after an error that is not an unavailable issuer (a 401 is an answer)', async () => {
    const gate = gateOf();
    await gate.run(counted(new Error('not an outage'))).catch(() => undefined);
    await expect(gate.run(counted('ok'))).resolves.toBe('answer');
  });

  it('fails closed when the clock reads NaN', async () => {
    const gate = gateOf({ now: () => Number.NaN });
    await gate.run(counted(down())).catch(() => undefined);
    await expect(gate.run(counted('ok'))).rejects.toBeInstanceOf(IssuerUnavailableError);
  });

  it('bounds the calls in flight and in line, answering any more 503 at once', async () => {
    const gate = gateOf({ maxConcurrent: 2, maxWaiting: 2 });
    const releases: Array<() => void> = [];
    let started = 0;
    const slow = () =>
      gate.run(
        () =>
          new Promise<string>((resolve) => {
            started += 1;
            releases.push(() => resolve('answer'));
          }),
      );
    const calls = Array.from({ length: 6 }, slow);
    const early = await Promise.race(
      [calls[4], calls[5]].map((call) => (call as Promise<string>).catch((error: unknown) => error)),
    );
    expect(early).toMatchObject({ status: 503, retryAfterSeconds: 1 });
    expect(started).toBe(2);
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const results = await Promise.allSettled(calls);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    expect(started).toBe(4);
  });

  it('does not call for those waiting in line once a call in flight has failed', async () => {
    const gate = gateOf({ maxConcurrent: 1, maxWaiting: 5 });
    let fail: (error: Error) => void = () => undefined;
    const first = gate.run(() => new Promise<string>((_resolve, reject) => (fail = reject)));
    const waiting = counted('ok');
    const queued = Promise.allSettled([gate.run(waiting), gate.run(waiting), gate.run(waiting)]);
    await new Promise((resolve) => setImmediate(resolve)); // the first call is now in flight
    fail(down());
    await expect(first).rejects.toBeInstanceOf(IssuerUnavailableError);
    const results = await queued;
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(waiting.count).toBe(0);
  });
});
