import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "success" | "warning" | "danger" | "info";

export interface BadgeProps {
  tone?: BadgeTone;
  children: ReactNode;
}

/** A short status label; the text carries the meaning, colour only repeats it. */
export function Badge({ tone = "neutral", children }: BadgeProps) {
  return <span className={`pr-badge pr-badge--${tone}`}>{children}</span>;
}
