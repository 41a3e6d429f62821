import { Alert, Button, CopyButton, Dialog } from "@postroom/ui";
import type { ReactNode } from "react";
import { Label, TextArea, TextField } from "react-aria-components";

export interface ShownSecret {
  title: string;
  /** What the secret is, for the field's label and the copy button: "API key secret". */
  label: string;
  secret: string;
  /** How to use it, and for a rotation how long the previous one keeps working. */
  details: ReactNode;
}

/**
 * A secret the API returns once (prk_… or whsec_…). It sits in a read-only
 * field that selects itself when focused, so it can be copied by hand when
 * the clipboard is not available; a click outside does not close the dialog.
 */
export function SecretDialog({ shown, onClose }: { shown: ShownSecret | null; onClose: () => void }) {
  return (
    <Dialog title={shown?.title ?? ""} isOpen={shown !== null} onOpenChange={(open) => !open && onClose()} isDismissable={false} size="wide">
      {(close) =>
        shown && (
          <div className="console-form integrations-secret">
            <Alert tone="info" title="You will not see it again">
              Postroom keeps only a hash of it. Copy it now into your integration&apos;s configuration or a password manager; if it is lost, rotate to get a new
              one.
            </Alert>
            <TextField className="pr-field" value={shown.secret} isReadOnly>
              <Label className="pr-field__label">{shown.label}</Label>
              {/* A text area wraps the secret on a narrow screen instead of hiding its end. */}
              <TextArea className="pr-field__input integrations-secret__value" rows={1} spellCheck={false} onFocus={(event) => event.currentTarget.select()} />
            </TextField>
            <div className="integrations-secret__copy">
              <CopyButton value={shown.secret} label={shown.label} />
            </div>
            <div className="integrations-secret__details">{shown.details}</div>
            <div className="console-form__actions">
              <Button onPress={close}>I have copied it</Button>
            </div>
          </div>
        )
      }
    </Dialog>
  );
}
