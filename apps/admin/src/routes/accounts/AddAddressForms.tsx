import { Alert, Button, TextField } from "@postroom/ui";
import type { AlertTone } from "@postroom/ui";
import { useState } from "react";
import type { FormEvent } from "react";
import { useAddAliasMutation } from "../../mutations/useAddAliasMutation";
import { useAddSecondaryAddressMutation } from "../../mutations/useAddSecondaryAddressMutation";

/** What the addresses card says after an address was added: active at once, pending, or a mail sent. */
export interface AddedAddress {
  tone: AlertTone;
  title: string;
  text: string;
}

/** Refusals caused by the address itself, shown at its field. */
const ADDRESS_CODES = new Set([
  "ADDRESS_TAKEN",
  "INVALID_ADDRESS",
  "FREE_MAIL_DOMAIN",
  "DOMAIN_NOT_VERIFIED",
  "DOMAIN_NOT_OWNED",
  "DOMAIN_SERVICE_CONFLICT",
  "BAD_USER_INPUT",
]);

function AddressForm({
  label,
  description,
  submit,
  busy,
  error,
  onSubmit,
}: {
  label: string;
  description: string;
  submit: string;
  busy: boolean;
  error: { message: string; code: string | null; field: string | null } | null;
  onSubmit: (address: string) => void;
}) {
  const [address, setAddress] = useState("");
  const fieldError = error && (error.field === "address" || (error.code && ADDRESS_CODES.has(error.code))) ? error.message : null;
  return (
    <form
      className="console-form"
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        onSubmit(address.trim());
      }}
    >
      <TextField label={label} description={description} value={address} onChange={setAddress} isRequired autoFocus error={fieldError} />
      {error && !fieldError && <Alert>{error.message}</Alert>}
      <div className="console-form__actions">
        <Button variant="secondary" slot="close">
          Cancel
        </Button>
        <Button type="submit" disabled={busy || !address.trim()}>
          {busy ? "Adding…" : submit}
        </Button>
      </div>
    </form>
  );
}

export function AddAliasForm({ accountId, onDone }: { accountId: string; onDone: (result: AddedAddress) => void }) {
  const { run, loading, error } = useAddAliasMutation(accountId);
  return (
    <AddressForm
      label="Alias address"
      description="On one of the organization's verified domains it works at once; any other address gets a confirmation link first."
      submit="Add alias"
      busy={loading}
      error={error}
      onSubmit={async (address) => {
        const data = await run({ input: { accountId, address } });
        if (!data) return;
        const { alias, claim } = data.addAlias;
        onDone(
          alias
            ? { tone: "success", title: "Alias active", text: `${alias.unicodeAddress} receives mail at once.` }
            : {
                tone: "info",
                title: "Confirmation sent",
                text: `A confirmation mail went to ${claim?.unicodeAddress ?? address}. The alias works once the link in it is opened; until then it is listed under Pending alias requests.`,
              },
        );
      }}
    />
  );
}

export function AddSecondaryForm({ accountId, onDone }: { accountId: string; onDone: (result: AddedAddress) => void }) {
  const { run, loading, error } = useAddSecondaryAddressMutation(accountId);
  return (
    <AddressForm
      label="Secondary address"
      description="On one of the organization's verified Exchange domains. It is reserved at once and receives mail once the mail system has provisioned it."
      submit="Add secondary address"
      busy={loading}
      error={error}
      onSubmit={async (address) => {
        const data = await run({ input: { accountId, address } });
        if (!data) return;
        const added = data.addSecondaryAddress;
        onDone(
          added.status === "ACTIVE"
            ? { tone: "success", title: "Secondary address active", text: `${added.unicodeAddress} receives mail.` }
            : {
                tone: "info",
                title: "Being provisioned",
                text: `${added.unicodeAddress} is reserved; it receives mail once the mail system has provisioned it (shown below as it happens).`,
              },
        );
      }}
    />
  );
}
