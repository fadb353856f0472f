import type { SharedEntryKind } from '../diagnostics/events.js';
import type { SharedTier } from './shared-tier.js';

/** An issuer's answer and until when (ms) it may be reused. */
export interface Kept<T> {
  readonly answer: T;
  readonly validUntil: number;
}

/** Where and how one kind of answer is shared. */
export interface SharedAnswerSpec<T> {
  readonly tier: SharedTier;
  readonly entry: SharedEntryKind;
  /** The entry's key: kind, policy fingerprint, token hash. */
  readonly key: string;
  /** The answer in a value read back, or undefined when it is not one (refused like a forgery). */
  readonly parse: (value: unknown) => T | undefined;
  /** How long an instance that asks the issuer keeps the others waiting for its answer (ms). */
  readonly lockMs: number;
}

const POLL_MS = 20;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An answer through the shared tier: read it there; on a miss, one instance takes a short lock and
 * asks the issuer while the others poll for its answer (and ask themselves when the lock runs out),
 * so N instances make one call per token. A store that fails is a miss: the issuer answers.
 */
export async function sharedAnswer<T>(spec: SharedAnswerSpec<T>, fetch: () => Promise<Kept<T>>): Promise<Kept<T>> {
  const { tier, entry, key, lockMs } = spec;
  const found = await readAnswer(spec);
  if (found !== undefined && found !== 'rejected') return found;
  // After a refused entry, no waiting: the issuer's answer replaces it.
  let locked = found === 'rejected';
  try {
    locked ||= await tier.claim(entry, `lock:${key}`, lockMs);
  } catch {
    // The store is down: every instance asks for itself.
    locked = true;
  }
  for (let waited = 0; !locked && waited < lockMs; waited += POLL_MS) {
    await sleep(POLL_MS);
    const answer = await readAnswer(spec);
    if (typeof answer === 'object') return answer;
  }
  tier.lookup(entry, 'miss');
  const kept = await fetch();
  tier.write(entry, key, kept.answer, kept.validUntil);
  return kept;
}

/** The shared answer, undefined on a miss, `rejected` for an entry that fails its check or its shape. */
async function readAnswer<T>({
  tier,
  entry,
  key,
  parse,
}: SharedAnswerSpec<T>): Promise<Kept<T> | 'rejected' | undefined> {
  const read = await tier.read(entry, key);
  if (read === 'rejected') return read;
  if (read === undefined) return undefined;
  const answer = parse(read.value);
  if (answer === undefined) {
    tier.lookup(entry, 'rejected');
    return 'rejected';
  }
  tier.lookup(entry, 'shared-hit');
  return { answer, validUntil: read.validUntil };
}
