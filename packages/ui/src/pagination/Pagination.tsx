import { Button } from "../button";
import { Select } from "../select";

export interface PaginationProps {
  /** What the list holds, for the summary and the buttons' names ("organizations"). */
  noun: string;
  page: number;
  pageSize: number;
  pageSizes?: readonly number[];
  totalCount?: number | null;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSizeChange: (size: number) => void;
  isDisabled?: boolean;
}

/** Previous/next over a keyset-paged list, with the page size as a choice. */
export function Pagination({
  noun,
  page,
  pageSize,
  pageSizes = [10, 20, 50, 100],
  totalCount,
  hasPreviousPage,
  hasNextPage,
  onPrevious,
  onNext,
  onPageSizeChange,
  isDisabled,
}: PaginationProps) {
  const first = (page - 1) * pageSize + 1;
  return (
    <nav className="pr-pagination" aria-label={`Pages of ${noun}`}>
      <p className="pr-pagination__summary">
        Page {page}
        {totalCount != null && (
          <>
            {" "}
            · {totalCount === 0 ? "none" : `${first}–${Math.min(first + pageSize - 1, totalCount)} of ${totalCount}`} {noun}
          </>
        )}
      </p>
      <div className="pr-pagination__controls">
        <Select
          className="pr-pagination__size"
          label="Per page"
          options={pageSizes.map((size) => ({ id: String(size), label: String(size) }))}
          value={String(pageSize)}
          onChange={(value) => onPageSizeChange(Number(value))}
          isDisabled={isDisabled}
        />
        <Button variant="secondary" onPress={onPrevious} disabled={isDisabled || !hasPreviousPage}>
          Previous page
        </Button>
        <Button variant="secondary" onPress={onNext} disabled={isDisabled || !hasNextPage}>
          Next page
        </Button>
      </div>
    </nav>
  );
}
