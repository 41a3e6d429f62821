import { Pagination } from "@postroom/ui";

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

/** A keyset-paged list's place in the URL: page size, the cursor it starts after, the cursors before. */
export interface PagingSearch {
  size?: number;
  after?: string;
  back?: string[];
}

/** Reads the paging part of a route's search; defaults are left out so URLs stay short. */
export function validatePaging(search: Record<string, unknown>): PagingSearch {
  const size = Number(search.size);
  const back = Array.isArray(search.back) ? search.back.filter((c): c is string => typeof c === "string") : [];
  return {
    ...((PAGE_SIZES as readonly number[]).includes(size) && size !== DEFAULT_PAGE_SIZE ? { size } : {}),
    ...(typeof search.after === "string" && search.after ? { after: search.after } : {}),
    ...(back.length ? { back } : {}),
  };
}

/** A text search parameter, trimmed; empty means absent. */
export function searchText(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

interface KeysetPaginationProps {
  noun: string;
  paging: PagingSearch;
  /** Null when the list does not count unless asked (accounts). */
  totalCount: number | null;
  hasNextPage: boolean;
  endCursor: string | null | undefined;
  loading: boolean;
  /** Moves to another page: the route puts these into its search. */
  onChange: (next: PagingSearch) => void;
}

/**
 * Previous/next over a server-paged list. The cursors of earlier pages ride
 * in the URL, so Previous and a reload both work without loading everything.
 */
export function KeysetPagination({ noun, paging, totalCount, hasNextPage, endCursor, loading, onChange }: KeysetPaginationProps) {
  const size = paging.size ?? DEFAULT_PAGE_SIZE;
  const back = paging.back ?? [];
  if (totalCount === 0) return null;
  return (
    <Pagination
      noun={noun}
      page={back.length + (paging.after ? 2 : 1)}
      pageSize={size}
      pageSizes={PAGE_SIZES}
      totalCount={totalCount}
      hasPreviousPage={Boolean(paging.after)}
      hasNextPage={hasNextPage}
      isDisabled={loading}
      onPrevious={() => onChange({ size: paging.size, after: back.at(-1), back: back.length > 1 ? back.slice(0, -1) : undefined })}
      onNext={() =>
        onChange({
          size: paging.size,
          after: endCursor ?? undefined,
          back: paging.after ? [...back, paging.after] : back.length ? back : undefined,
        })
      }
      onPageSizeChange={(next) => onChange({ size: next === DEFAULT_PAGE_SIZE ? undefined : next })}
    />
  );
}
