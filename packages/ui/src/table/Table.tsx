import { Children, Fragment, createContext, isValidElement, useContext } from "react";
import type { AriaAttributes, Key, ReactElement, ReactNode } from "react";

/** Which column a list is sorted by, and which way (React Aria's shape, so callers need not change). */
export interface SortDescriptor {
  column: Key;
  direction: "ascending" | "descending";
}

const join = (...classes: (string | undefined | false)[]) => classes.filter(Boolean).join(" ");

interface TableState {
  sortDescriptor?: SortDescriptor;
  onSortChange?: (descriptor: SortDescriptor) => void;
  /** Index of the column whose cells name their row (`isRowHeader`). */
  rowHeader: number;
}

const TableContext = createContext<TableState>({ rowHeader: 0 });
const CellIndex = createContext(0);

export interface TableProps extends Pick<AriaAttributes, "aria-label" | "aria-labelledby" | "aria-describedby"> {
  className?: string;
  sortDescriptor?: SortDescriptor;
  onSortChange?: (descriptor: SortDescriptor) => void;
  children: ReactNode;
}

/** The columns a TableHeader declares, in order (conditional columns included once rendered). */
function headerColumns(children: ReactNode): ReactElement<ColumnProps>[] {
  const header = Children.toArray(children).find(
    (child): child is ReactElement<{ children?: ReactNode }> => isValidElement(child) && child.type === TableHeader,
  );
  return header ? (Children.toArray(header.props.children).filter(isValidElement) as ReactElement<ColumnProps>[]) : [];
}

/**
 * A data table as HTML means it: `<table>` with column headers, a row header
 * per row (the column marked `isRowHeader`) and sortable headers that are real
 * buttons stating `aria-sort`. The console's tables list records whose
 * actions are links and buttons inside the cells, so each of those is one Tab
 * stop as anywhere else on the page; there is no row selection, which is what
 * a grid's arrow-key model (React Aria's Table) is for, and a native table
 * renders in a fraction of its time (docs/decisions.md). Wrapped in a
 * scroller so wide tables never widen the page on a phone.
 */
export function Table({ className, sortDescriptor, onSortChange, children, ...aria }: TableProps) {
  const rowHeader = Math.max(
    0,
    headerColumns(children).findIndex((column) => column.props.isRowHeader),
  );
  return (
    <div className="pr-table-scroll">
      <table className={join("pr-table", className)} {...aria}>
        <TableContext.Provider value={{ sortDescriptor, onSortChange, rowHeader }}>{children}</TableContext.Provider>
      </table>
    </div>
  );
}

export function TableHeader({ children }: { children: ReactNode }) {
  return (
    <thead className="pr-table__header">
      <tr>{children}</tr>
    </thead>
  );
}

export interface ColumnProps {
  /** The sort key this column reports to `onSortChange`. */
  id?: Key;
  isRowHeader?: boolean;
  allowsSorting?: boolean;
  children: ReactNode;
  className?: string;
}

export function Column({ id, allowsSorting, children, className }: ColumnProps) {
  const { sortDescriptor, onSortChange } = useContext(TableContext);
  const direction = allowsSorting && id !== undefined && sortDescriptor?.column === id ? sortDescriptor.direction : undefined;
  if (!allowsSorting || id === undefined) {
    return (
      <th scope="col" className={join("pr-table__column", className)}>
        <span className="pr-table__column-label">{children}</span>
      </th>
    );
  }
  return (
    <th scope="col" className={join("pr-table__column", className)} aria-sort={direction ?? "none"} data-allows-sorting>
      <button
        type="button"
        className="pr-table__sort-button"
        onClick={() => onSortChange?.({ column: id, direction: direction === "ascending" ? "descending" : "ascending" })}
      >
        <span className="pr-table__column-label">
          {children}
          <span aria-hidden="true" className="pr-table__sort">
            {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : "↕"}
          </span>
        </span>
      </button>
    </th>
  );
}

export interface TableBodyProps<T> {
  /** With `items`, children is a function rendering one Row per item (keyed by the Row's `id`). */
  items?: Iterable<T>;
  children: ReactNode | ((item: T) => ReactElement<RowProps>);
}

export function TableBody<T extends object>({ items, children }: TableBodyProps<T>) {
  if (items && typeof children === "function") {
    const rows: ReactNode[] = [];
    let index = 0;
    for (const item of items) {
      const row = children(item);
      rows.push(<Fragment key={row.props.id ?? index}>{row}</Fragment>);
      index++;
    }
    return <tbody className="pr-table__body">{rows}</tbody>;
  }
  return <tbody className="pr-table__body">{children as ReactNode}</tbody>;
}

export interface RowProps {
  id?: Key;
  className?: string;
  children: ReactNode;
}

export function Row({ className, children }: RowProps) {
  return (
    <tr className={join("pr-table__row", className)}>
      {Children.toArray(children).map((cell, index) => (
        <CellIndex.Provider key={isValidElement(cell) && cell.key !== null ? cell.key : index} value={index}>
          {cell}
        </CellIndex.Provider>
      ))}
    </tr>
  );
}

export function Cell({ className, children }: { className?: string; children?: ReactNode }) {
  const index = useContext(CellIndex);
  const { rowHeader } = useContext(TableContext);
  return index === rowHeader ? (
    <th scope="row" className={join("pr-table__cell pr-table__cell--row-header", className)}>
      {children}
    </th>
  ) : (
    <td className={join("pr-table__cell", className)}>{children}</td>
  );
}
