import { Dialog as AriaDialog, DialogTrigger, Heading, Modal, ModalOverlay } from "react-aria-components";
import type { ReactNode } from "react";

export interface DialogProps {
  title: string;
  /** Content, or a function given `close` for a form that closes itself on success. */
  children: ReactNode | ((close: () => void) => ReactNode);
  /** Controlled use; inside a DialogTrigger the trigger's state is used instead. */
  isOpen?: boolean;
  onOpenChange?: (isOpen: boolean) => void;
  /** Wide dialogs hold tables; the default suits a form. */
  size?: "form" | "wide";
  /** False keeps it open on a click outside (a secret shown once must not vanish by accident); Escape still closes. */
  isDismissable?: boolean;
}

/**
 * A modal dialog from React Aria: focus is trapped inside and restored to the
 * trigger on close; Escape and a click outside dismiss it.
 */
export function Dialog({ title, children, isOpen, onOpenChange, size = "form", isDismissable = true }: DialogProps) {
  return (
    <ModalOverlay className="pr-modal-overlay" isDismissable={isDismissable} isOpen={isOpen} onOpenChange={onOpenChange}>
      <Modal className={`pr-modal pr-modal--${size}`}>
        <AriaDialog className="pr-dialog">
          {({ close }) => (
            <>
              <Heading slot="title" className="pr-dialog__title">
                {title}
              </Heading>
              {typeof children === "function" ? children(close) : children}
            </>
          )}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}

export { DialogTrigger };
