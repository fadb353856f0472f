import { randomUUID } from 'node:crypto';

/** An account. Amounts are integers in minor units (cents), so no floating-point rounding. */
export interface Account {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly currency: 'EUR';
  balance: number;
}

/** A completed transfer, as answered by `POST /transfers`. */
export interface Transfer {
  readonly id: string;
  readonly owner: string;
  readonly from: string;
  readonly to: string;
  readonly amount: number;
  readonly currency: 'EUR';
  readonly createdAt: string;
}

/** What a caller asks to move; who asks comes from the token, never from here. */
export interface TransferRequest {
  readonly from: string;
  readonly to: string;
  readonly amount: number;
}

/** The outcome of {@link Ledger.transfer}: the transfer, or why it was refused. */
export type TransferOutcome =
  | { readonly ok: true; readonly transfer: Transfer }
  | { readonly ok: false; readonly status: 404 | 422; readonly error: string; readonly description: string };

/** Accounts opened for each owner (`sub`) when a ledger is created. */
export type LedgerSeed = Readonly<Record<string, ReadonlyArray<{ id: string; name: string; balance: number }>>>;

/** The demo data: `user-123` is the local issuer's default subject; `user-456` shows isolation. */
export const DEMO_SEED: LedgerSeed = {
  'user-123': [
    { id: 'acc-123-checking', name: 'Checking', balance: 250_000 },
    { id: 'acc-123-savings', name: 'Savings', balance: 1_000_000 },
  ],
  'user-456': [{ id: 'acc-456-checking', name: 'Checking', balance: 50_000 }],
};

/** An in-memory ledger. Every read is by owner, so one owner never sees another's accounts. */
export class Ledger {
  readonly #accounts = new Map<string, Account>();

  constructor(seed: LedgerSeed = DEMO_SEED) {
    for (const [owner, accounts] of Object.entries(seed)) {
      for (const { id, name, balance } of accounts) {
        this.#accounts.set(id, { id, owner, name, currency: 'EUR', balance });
      }
    }
  }

  /** The owner's accounts (copies, so a handler cannot change a balance by accident). */
  accountsOf(owner: string): Account[] {
    return [...this.#accounts.values()].filter((account) => account.owner === owner).map((account) => ({ ...account }));
  }

  /** The account if `owner` owns it. Another owner's account is "not found", not "forbidden": its existence is not revealed. */
  accountOf(owner: string, id: string): Account | undefined {
    const account = this.#accounts.get(id);
    return account?.owner === owner ? { ...account } : undefined;
  }

  /** Moves `amount` from one of `owner`'s accounts to any account of the bank. */
  transfer(owner: string, request: TransferRequest): TransferOutcome {
    const from = this.#accounts.get(request.from);
    if (from?.owner !== owner) {
      return {
        ok: false,
        status: 404,
        error: 'account_not_found',
        description: 'The source account is not one of yours',
      };
    }
    const to = this.#accounts.get(request.to);
    if (to === undefined) {
      return {
        ok: false,
        status: 404,
        error: 'account_not_found',
        description: 'The destination account does not exist',
      };
    }
    if (from.balance < request.amount) {
      return {
        ok: false,
        status: 422,
        error: 'insufficient_funds',
        description: 'The source account does not hold that amount',
      };
    }
    from.balance -= request.amount;
    to.balance += request.amount;
    const transfer: Transfer = {
      id: randomUUID(),
      owner,
      from: from.id,
      to: to.id,
      amount: request.amount,
      currency: 'EUR',
      createdAt: new Date().toISOString(),
    };
    return { ok: true, transfer };
  }
}
