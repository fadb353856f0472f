import { authResultOf } from '@access-guard/mcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';

/** One note, owned by the token's subject. */
export interface Note {
  readonly id: number;
  readonly text: string;
}

/** The notes of every user, in memory, by `sub`. */
export class NoteStore {
  readonly #notes = new Map<string, Note[]>([['user-123', [{ id: 1, text: 'Buy milk' }]]]);
  #nextId = 2;

  of(owner: string): readonly Note[] {
    return this.#notes.get(owner) ?? [];
  }

  add(owner: string, text: string): Note {
    const note = { id: this.#nextId++, text };
    this.#notes.set(owner, [...this.of(owner), note]);
    return note;
  }
}

/** The token's subject: every tool is scoped to it. The extra is what the SDK gives a tool. */
function ownerOf(extra: Parameters<typeof authResultOf>[0]): string {
  const { sub } = authResultOf(extra).payload;
  return typeof sub === 'string' ? sub : '';
}

/**
 * The MCP server of the example: `list-notes` (any token for this server) and `add-note` (needs
 * `notes:write` and a strong, recent login: the app's `toolScopes` and `toolAuthLevels` say so).
 */
export function createNotesServer(store: NoteStore): McpServer {
  const server = new McpServer({ name: 'notes', version: '1.0.0' });
  server.registerTool('list-notes', { description: "Lists the caller's notes." }, (extra) => ({
    content: [{ type: 'text', text: JSON.stringify(store.of(ownerOf(extra))) }],
  }));
  server.registerTool(
    'add-note',
    { description: 'Adds a note.', inputSchema: { text: z.string().min(1).max(500) } },
    ({ text }, extra) => ({
      content: [{ type: 'text', text: JSON.stringify(store.add(ownerOf(extra), text)) }],
    }),
  );
  return server;
}
