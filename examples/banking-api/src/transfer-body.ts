import type { TransferRequest } from './ledger.js';

/** The result of {@link parseTransferBody}: the request, or what is wrong with the body. */
export type ParsedTransfer =
  { readonly ok: true; readonly value: TransferRequest } | { readonly ok: false; readonly description: string };

const FIELDS = new Set(['from', 'to', 'amount']);
const ACCOUNT_ID = /^[A-Za-z0-9-]{1,64}$/;
// A cap keeps amounts far inside Number.MAX_SAFE_INTEGER, so sums of balances stay exact.
const MAX_AMOUNT = 10_000_000_000; // 100 million euros

/**
 * Validates a `POST /transfers` body: exactly `{ from, to, amount }`, `amount` a positive whole number
 * of cents. Unknown fields are refused rather than ignored: a client sending `owner` or `sub` is
 * trying to choose an identity, which only the token decides.
 */
export function parseTransferBody(body: unknown): ParsedTransfer {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, description: 'Send a JSON object { from, to, amount }' };
  }
  const unknownField = Object.keys(body).find((key) => !FIELDS.has(key));
  if (unknownField !== undefined) {
    return { ok: false, description: 'Only from, to and amount are accepted' };
  }
  const { from, to, amount } = body as Record<string, unknown>;
  if (typeof from !== 'string' || !ACCOUNT_ID.test(from) || typeof to !== 'string' || !ACCOUNT_ID.test(to)) {
    return { ok: false, description: 'from and to must be account ids' };
  }
  if (from === to) return { ok: false, description: 'from and to must differ' };
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_AMOUNT) {
    return { ok: false, description: 'amount must be a positive whole number of cents' };
  }
  return { ok: true, value: { from, to, amount } };
}
