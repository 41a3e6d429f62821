import type { ReactNode } from "react";

/** What an empty list says, and what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="console-empty">
      <p className="console-empty__title">{title}</p>
      {children && <div className="console-empty__body">{children}</div>}
    </div>
  );
}
