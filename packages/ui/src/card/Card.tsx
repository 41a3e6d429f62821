import { useId } from "react";
import type { ReactNode } from "react";

export interface CardProps {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}

export function Card({ title, children, actions }: CardProps) {
  const titleId = useId();
  // A labelled section is a landmark, so screen-reader users can jump between cards.
  return (
    <section className="pr-card" aria-labelledby={titleId}>
      <h2 id={titleId} className="pr-card__title">
        {title}
      </h2>
      <div className="pr-card__body">{children}</div>
      {actions && <div className="pr-card__actions">{actions}</div>}
    </section>
  );
}
