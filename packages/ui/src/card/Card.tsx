import { useId } from "react";
import type { ReactNode } from "react";

export interface CardProps {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  /** Controls shown next to the title (a filter, a "Create" button). */
  toolbar?: ReactNode;
  className?: string;
}

export function Card({ title, children, actions, toolbar, className }: CardProps) {
  const titleId = useId();
  // A labelled section is a landmark, so screen-reader users can jump between cards.
  return (
    <section className={["pr-card", className].filter(Boolean).join(" ")} aria-labelledby={titleId}>
      <div className="pr-card__header">
        <h2 id={titleId} className="pr-card__title">
          {title}
        </h2>
        {toolbar && <div className="pr-card__toolbar">{toolbar}</div>}
      </div>
      <div className="pr-card__body">{children}</div>
      {actions && <div className="pr-card__actions">{actions}</div>}
    </section>
  );
}
