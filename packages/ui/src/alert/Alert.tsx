import type { ReactNode, Ref } from "react";

export type AlertTone = "error" | "info" | "success";

export interface AlertProps {
  tone?: AlertTone;
  title?: string;
  children: ReactNode;
  /** Lets a form move focus to the message after a failed submit. */
  ref?: Ref<HTMLDivElement>;
  actions?: ReactNode;
}

export function Alert({ tone = "error", title, children, ref, actions }: AlertProps) {
  // role="alert" makes assistive technology announce the message as soon as it appears.
  return (
    <div role="alert" ref={ref} tabIndex={ref ? -1 : undefined} className={`pr-alert pr-alert--${tone}`}>
      {title && <strong className="pr-alert__title">{title}</strong>}
      <div className="pr-alert__body">{children}</div>
      {actions && <div className="pr-alert__actions">{actions}</div>}
    </div>
  );
}
