/** An item in stock. */
export interface Item {
  readonly sku: string;
  readonly name: string;
  /** Units not yet reserved. */
  readonly available: number;
}

/** Units of an item held for a client. */
export interface Reservation {
  readonly id: string;
  readonly sku: string;
  readonly quantity: number;
  /** The machine client that reserved them: the token's `client_id`. */
  readonly client: string;
}

/** The outcome of a reservation: the reservation, or why there is none. */
export type ReservationOutcome =
  | { readonly ok: true; readonly reservation: Reservation }
  | { readonly ok: false; readonly status: 404 | 409; readonly error: string; readonly description: string };

/** An in-memory stock of a few items, seeded for the example. */
export class Stock {
  readonly #items = new Map<string, Item>(
    [
      { sku: 'tea-green-250g', name: 'Green tea, 250 g', available: 40 },
      { sku: 'tea-black-500g', name: 'Black tea, 500 g', available: 12 },
      { sku: 'kettle-1l', name: 'Kettle, 1 l', available: 3 },
    ].map((item) => [item.sku, item]),
  );
  #reservations = 0;

  items(): Item[] {
    return [...this.#items.values()];
  }

  item(sku: string): Item | undefined {
    return this.#items.get(sku);
  }

  reserve(sku: string, quantity: number, client: string): ReservationOutcome {
    const item = this.#items.get(sku);
    if (item === undefined) return { ok: false, status: 404, error: 'item_not_found', description: 'No such item' };
    if (item.available < quantity) {
      return { ok: false, status: 409, error: 'insufficient_stock', description: 'Not enough units available' };
    }
    this.#items.set(sku, { ...item, available: item.available - quantity });
    this.#reservations += 1;
    return { ok: true, reservation: { id: `res-${this.#reservations}`, sku, quantity, client } };
  }
}
