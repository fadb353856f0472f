import { randomUUID } from 'node:crypto';

/** A to-do list. */
export interface TodoList {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

/** An item of a list. */
export interface TodoItem {
  readonly id: string;
  readonly listId: string;
  readonly title: string;
  readonly done: boolean;
  readonly updatedAt: string;
}

/** What `PATCH /items/:id` may change. */
export interface ItemChanges {
  readonly title?: string;
  readonly done?: boolean;
}

/** One owner's data. Owners never share a bucket, so one cannot reach another's lists or items. */
interface Bucket {
  readonly lists: Map<string, TodoList>;
  readonly items: Map<string, TodoItem>;
}

/**
 * An in-memory store keyed by owner (the token's `sub`). Every method starts from the owner's
 * bucket: an id of another owner's list or item is simply not found there. Ids are random UUIDs, so
 * they cannot be guessed or enumerated either.
 */
export class TodoStore {
  readonly #buckets = new Map<string, Bucket>();

  #bucket(owner: string): Bucket {
    let bucket = this.#buckets.get(owner);
    if (bucket === undefined) {
      bucket = { lists: new Map(), items: new Map() };
      this.#buckets.set(owner, bucket);
    }
    return bucket;
  }

  listsOf(owner: string): TodoList[] {
    return [...(this.#buckets.get(owner)?.lists.values() ?? [])];
  }

  createList(owner: string, name: string): TodoList {
    const list: TodoList = { id: randomUUID(), name, createdAt: new Date().toISOString() };
    this.#bucket(owner).lists.set(list.id, list);
    return list;
  }

  /** The list's items, or undefined when `owner` has no such list. */
  itemsOf(owner: string, listId: string): TodoItem[] | undefined {
    const bucket = this.#buckets.get(owner);
    if (bucket?.lists.has(listId) !== true) return undefined;
    return [...bucket.items.values()].filter((item) => item.listId === listId);
  }

  /** Adds an item, or returns undefined when `owner` has no such list. */
  addItem(owner: string, listId: string, title: string): TodoItem | undefined {
    const bucket = this.#buckets.get(owner);
    if (bucket?.lists.has(listId) !== true) return undefined;
    const item: TodoItem = { id: randomUUID(), listId, title, done: false, updatedAt: new Date().toISOString() };
    bucket.items.set(item.id, item);
    return item;
  }

  /** Changes an item, or returns undefined when `owner` has no such item. */
  updateItem(owner: string, itemId: string, changes: ItemChanges): TodoItem | undefined {
    const items = this.#buckets.get(owner)?.items;
    const item = items?.get(itemId);
    if (items === undefined || item === undefined) return undefined;
    const updated: TodoItem = { ...item, ...changes, updatedAt: new Date().toISOString() };
    items.set(itemId, updated);
    return updated;
  }
}
