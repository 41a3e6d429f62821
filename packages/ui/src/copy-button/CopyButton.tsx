import { useState } from "react";
import { Button } from "../button";

export interface CopyButtonProps {
  value: string;
  /** What is copied, for the accessible name: "Copy <label>". */
  label: string;
}

type CopyState = "idle" | "copied" | "failed";

/** Copies a value to the clipboard and says so in a polite live region. */
export function CopyButton({ value, label }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  }
  return (
    <span className="pr-copy">
      <Button variant="secondary" className="pr-copy__button" aria-label={`Copy ${label}`} onPress={() => void copy()}>
        {/* The visible text stays inside the accessible name; the outcome goes to the live region. */}
        Copy
      </Button>
      <span role="status" className="pr-copy__status">
        {state === "copied" ? `${label} copied` : state === "failed" ? "Copy failed: select the text and copy it by hand." : ""}
      </span>
    </span>
  );
}
