import type { ReactNode } from "react";

export type AlertTone = "error" | "info" | "success";

export interface AlertProps {
  tone?: AlertTone;
  title?: string;
  children: ReactNode;
}

export function Alert({ tone = "error", title, children }: AlertProps) {
  // role="alert" makes assistive technology announce the message as soon as it appears.
  return (
    <div role="alert" className={`pr-alert pr-alert--${tone}`}>
      {title && <strong className="pr-alert__title">{title}</strong>}
      <div className="pr-alert__body">{children}</div>
    </div>
  );
}
