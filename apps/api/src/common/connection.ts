import { type ClassType, Field, Int, ObjectType } from "type-graphql";
import { BadUserInputError } from "../errors";

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => Boolean)
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** What a service returns for a list; the connection type wraps it. */
export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: () => Promise<number>;
}

export const MAX_PAGE_SIZE = 100;

/** `first` is 1..100; anything else is the caller's mistake, not a silent clamp. */
export function pageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE_SIZE}.`);
  }
  return size;
}

/** Opaque keyset cursors: the sort key of the last row seen, never an offset. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/**
 * What each position of a cursor key holds; decoding checks every part, so a
 * forged or mangled cursor is BAD_USER_INPUT, never an empty or shifted page:
 * `text` a sort name, `id` a UUID, `timestamp` an ISO-8601 instant, `serial`
 * a positive integer id.
 */
export type CursorPart = "text" | "id" | "timestamp" | "serial";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const CURSOR_TEXT_MAX = 1000;

function validPart(part: CursorPart, value: unknown): string | number | null {
  switch (part) {
    case "text":
      return typeof value === "string" && value.length <= CURSOR_TEXT_MAX && !/[\u0000-\u001f\u007f]/.test(value) ? value : null;
    case "id":
      return typeof value === "string" && UUID.test(value) ? value : null;
    case "timestamp":
      return typeof value === "string" && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
    case "serial": {
      const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
      return Number.isSafeInteger(n) && n > 0 ? n : null;
    }
  }
}

/** The key of a cursor made by `encodeCursor`, checked part by part against `shape`; null when there is none. */
export function decodeCursor(cursor: string | null | undefined, shape: readonly CursorPart[]): (string | number)[] | null {
  if (cursor === null || cursor === undefined || cursor === "") return null;
  let key: unknown = null;
  try {
    if (/^[A-Za-z0-9_-]+$/.test(cursor)) key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    // refused below
  }
  if (Array.isArray(key) && key.length === shape.length) {
    const parts = shape.map((part, i) => validPart(part, key[i]));
    if (parts.every((p) => p !== null)) return parts as (string | number)[];
  }
  throw new BadUserInputError("The cursor is not valid.", { field: "after" });
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[], totalCount: () => Promise<number>): Page<T> {
  const nodes = rows.slice(0, limit);
  return { nodes, cursors: nodes.map((n) => encodeCursor(keyOf(n))), hasNextPage: rows.length > limit, totalCount };
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

/** A Relay connection type named `${name}Connection` with `${name}Edge`. */
export function Connection<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field(() => String)
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    private count: () => Promise<number>;

    @Field(() => Int)
    totalCount(): Promise<number> {
      return this.count();
    }

    static from<N extends T>(page: Page<N>): ConnectionType {
      const c = new ConnectionType();
      c.edges = page.nodes.map((node, i) => ({ cursor: page.cursors[i], node }));
      c.pageInfo = {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: false,
        startCursor: page.cursors[0] ?? null,
        endCursor: page.cursors[page.cursors.length - 1] ?? null,
      };
      c.count = page.totalCount;
      return c;
    }
  }
  return ConnectionType;
}
