import { createContext, useCallback, useContext, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { Button } from "../button";

export type ToastTone = "success" | "error" | "info";

export interface ToastMessage {
  id: number;
  tone: ToastTone;
  text: string;
}

export interface ToastApi {
  /** Shows a message and has screen readers announce it. */
  announce: (text: string, tone?: ToastTone) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** How many outcomes stay on screen; older ones drop off as new ones arrive. */
const KEEP = 3;

/**
 * Outcomes of actions ("Domain added"), shown in a corner and announced
 * through one polite ARIA live region. Messages stay until dismissed or pushed
 * out, so nobody has to read against a timer.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [messages, setMessages] = useState<ToastMessage[]>([]);
  const announce = useCallback((text: string, tone: ToastTone = "success") => {
    setMessages((current) => [...current, { id: Date.now() + Math.random(), tone, text }].slice(-KEEP));
  }, []);
  const api = useMemo(() => ({ announce }), [announce]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <ToastRegion messages={messages} onDismiss={(id) => setMessages((current) => current.filter((m) => m.id !== id))} />
    </ToastContext.Provider>
  );
}

export function ToastRegion({ messages, onDismiss }: { messages: readonly ToastMessage[]; onDismiss: (id: number) => void }) {
  return (
    <div className="pr-toasts" role="status" aria-live="polite" aria-label="Notifications">
      {messages.map((message) => (
        <div key={message.id} className={`pr-toast pr-toast--${message.tone}`}>
          <span className="pr-toast__text">{message.text}</span>
          <Button variant="quiet" className="pr-toast__close" aria-label={`Dismiss: ${message.text}`} onPress={() => onDismiss(message.id)}>
            ×
          </Button>
        </div>
      ))}
    </div>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast needs a ToastProvider above it");
  return api;
}
