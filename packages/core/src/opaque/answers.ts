import type { Issuer } from '../issuer/issuer.js';
import { freezeJson, type Clock } from '../result.js';
import { ExpiringCache } from '../store/expiring-cache.js';
import { entryKey, sharedKey } from '../store/keys.js';
import { sharedAnswer, type Kept } from '../store/shared-answer.js';
import type { SharedTier } from '../store/shared-tier.js';
import { SingleFlight } from '../store/single-flight.js';
import { asIntrospectionAnswer, asUserinfoAnswer } from './answer-shapes.js';
import type { IntrospectionAnswer } from './introspection.js';
import { answerValidUntil } from './resolve.js';
import type { UserinfoAnswer } from './userinfo.js';

// Instances wait at most this long (ms) for another's call to the issuer before making their own.
const MAX_LOCK_MS = 2000;

/**
 * The issuer's answers about opaque tokens (introspection) and users (userinfo), each asked once:
 * profiles are kept in memory (introspection answers live on as verdicts), and with a shared store
 * both are shared by every instance, keyed by kind, the issuer's policy fingerprint and token hash.
 */
export class IssuerAnswers {
  readonly #profiles: ExpiringCache<Kept<UserinfoAnswer>>;
  readonly #fetchingProfile = new SingleFlight<Kept<UserinfoAnswer>>();

  constructor(
    private readonly tier: SharedTier | undefined,
    maxProfiles: number,
    private readonly now: Clock,
    private readonly timeoutMs: number,
  ) {
    this.#profiles = new ExpiringCache(maxProfiles);
  }

  /** The introspection answer for a token: from the shared store, or the issuer's. */
  introspection(issuer: Issuer, token: string, hash: string): Promise<Kept<IntrospectionAnswer>> {
    const fetch = async (): Promise<Kept<IntrospectionAnswer>> => {
      // Google's tokeninfo answers in the form of an introspection answer, and is shared as one.
      const answer =
        issuer.opaque?.via === 'tokeninfo' ? await issuer.tokeninfo(token) : await issuer.introspect(token);
      const claims = answer.kind === 'active' ? answer.claims : undefined;
      return { answer, validUntil: answerValidUntil(issuer, claims !== undefined, claims?.['exp'], this.now) };
    };
    if (this.tier === undefined) return fetch();
    const spec = {
      tier: this.tier,
      entry: 'introspection',
      key: sharedKey('introspection', issuer.fingerprint, hash),
      parse: asIntrospectionAnswer,
      lockMs: Math.min(this.timeoutMs, MAX_LOCK_MS),
    } as const;
    return sharedAnswer(spec, fetch);
  }

  /** The userinfo answer for a token at its issuer: memory, then the shared store, then the issuer. */
  profile(issuer: Issuer, token: string, hash: string, exp: unknown): Promise<Kept<UserinfoAnswer>> {
    const key = entryKey('profile', hash, issuer.identifier);
    const cached = this.#profiles.get(key, this.now());
    if (cached !== undefined) {
      this.tier?.lookup('userinfo', 'memory-hit');
      return Promise.resolve(cached);
    }
    return this.#fetchingProfile.run(key, async () => {
      const fetch = async (): Promise<Kept<UserinfoAnswer>> => {
        const answer = await issuer.userinfo(token);
        return { answer, validUntil: answerValidUntil(issuer, answer.kind === 'profile', exp, this.now) };
      };
      const spec = {
        tier: this.tier as SharedTier,
        entry: 'userinfo',
        key: sharedKey('userinfo', issuer.fingerprint, hash),
        parse: asUserinfoAnswer,
        lockMs: Math.min(this.timeoutMs, MAX_LOCK_MS),
      } as const;
      const { answer, validUntil } = this.tier === undefined ? await fetch() : await sharedAnswer(spec, fetch);
      const kept: Kept<UserinfoAnswer> = {
        answer: answer.kind === 'profile' ? { kind: 'profile', profile: freezeJson({ ...answer.profile }) } : answer,
        validUntil,
      };
      this.#profiles.set(key, kept, validUntil, this.now());
      return kept;
    });
  }
}
