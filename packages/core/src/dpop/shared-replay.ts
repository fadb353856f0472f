import type { SharedTier } from '../store/shared-tier.js';
import type { ReplayStore } from './replay.js';

/**
 * The replay store of instances that share a store: a proof's `jti` is claimed there, atomically,
 * so a proof used on one instance is refused on every other. When the store cannot answer, the
 * claim fails closed (503) unless a per-instance `fallback` was chosen, which then protects each
 * instance on its own until the store is back.
 */
export class SharedReplayStore implements ReplayStore {
  constructor(
    private readonly tier: SharedTier,
    private readonly fallback: ReplayStore | undefined,
  ) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    try {
      return await this.tier.claim('dpop-jti', key, ttlMs);
    } catch (error) {
      if (this.fallback === undefined) throw error;
      return this.fallback.claim(key, ttlMs);
    }
  }
}
