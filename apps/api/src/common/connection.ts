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

export function decodeCursor(cursor: string | null | undefined, arity: number): (string | number)[] | null {
  if (cursor === null || cursor === undefined || cursor === "") return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === "string" || typeof k === "number")) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the refusal below
  }
  throw new BadUserInputError("The cursor is not valid.");
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
