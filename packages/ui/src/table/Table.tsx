import {
  Cell as AriaCell,
  Column as AriaColumn,
  Row as AriaRow,
  Table as AriaTable,
  TableBody as AriaTableBody,
  TableHeader as AriaTableHeader,
} from "react-aria-components";
import type {
  CellProps,
  ColumnProps as AriaColumnProps,
  RowProps,
  SortDescriptor,
  TableBodyProps,
  TableHeaderProps,
  TableProps as AriaTableProps,
} from "react-aria-components";
import type { ReactNode } from "react";

export type { SortDescriptor };

const join = (...classes: (string | undefined | false)[]) => classes.filter(Boolean).join(" ");

export interface TableProps extends Omit<AriaTableProps, "className"> {
  className?: string;
}

/**
 * React Aria's grid table: arrow-key navigation between cells and rows, and
 * sortable column headers (the caller sorts, usually on the server).
 * Wrapped in a scroller so wide tables never widen the page on a phone.
 */
export function Table({ className, ...rest }: TableProps) {
  return (
    <div className="pr-table-scroll">
      <AriaTable className={join("pr-table", className)} {...rest} />
    </div>
  );
}

export function TableHeader<T extends object>(props: TableHeaderProps<T>) {
  return <AriaTableHeader className="pr-table__header" {...props} />;
}

export interface ColumnProps extends Omit<AriaColumnProps, "children" | "className"> {
  children: ReactNode;
  className?: string;
}

export function Column({ children, allowsSorting, className, ...rest }: ColumnProps) {
  return (
    <AriaColumn className={join("pr-table__column", className)} allowsSorting={allowsSorting} {...rest}>
      {({ sortDirection }) => (
        <span className="pr-table__column-label">
          {children}
          {allowsSorting && (
            <span aria-hidden="true" className="pr-table__sort">
              {sortDirection === "ascending" ? "▲" : sortDirection === "descending" ? "▼" : "↕"}
            </span>
          )}
        </span>
      )}
    </AriaColumn>
  );
}

export function TableBody<T extends object>(props: TableBodyProps<T>) {
  return <AriaTableBody className="pr-table__body" {...props} />;
}

export function Row<T extends object>({ className, ...rest }: Omit<RowProps<T>, "className"> & { className?: string }) {
  return <AriaRow className={join("pr-table__row", className)} {...rest} />;
}

export function Cell({ className, ...rest }: Omit<CellProps, "className"> & { className?: string }) {
  return <AriaCell className={join("pr-table__cell", className)} {...rest} />;
}
