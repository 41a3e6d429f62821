import { useQuery } from "@apollo/client/react";
import { AddressAvailabilityDocument, CreateAccountDomainsDocument } from "@postroom/schema";
import type { AccountProfile } from "@postroom/schema";
import { Alert, Button, Select, Switch, TextField } from "@postroom/ui";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import type { FormEvent } from "react";
import { PROFILE_LABELS } from "../../components/labels";
import { useDebouncedValue } from "../../components/useDebouncedValue";
import { useCreateAccountMutation } from "../../mutations/useCreateAccountMutation";

const PROFILES = (Object.keys(PROFILE_LABELS) as AccountProfile[]).map((id) => ({ id, label: PROFILE_LABELS[id] }));
/** Refusals about the address, shown at the local-part field. */
const ADDRESS_CODES = new Set(["ADDRESS_TAKEN", "INVALID_ADDRESS", "DOMAIN_NOT_VERIFIED", "DOMAIN_NOT_OWNED"]);

/** Whether the address is free, asked of the server a moment after typing stops. */
function useAvailability(address: string | null, organizationId: string) {
  const settled = useDebouncedValue(address, 350);
  const { data, loading } = useQuery(AddressAvailabilityDocument, {
    variables: { address: settled ?? "", organizationId },
    skip: !settled,
  });
  const current = settled === address ? data?.addressAvailability : undefined;
  return { availability: current, checking: Boolean(address) && (settled !== address || loading) };
}

export function CreateAccountForm({ organizationId, onDone }: { organizationId: string; onDone: () => void }) {
  const navigate = useNavigate();
  const { run, loading, error } = useCreateAccountMutation();
  const domainsQuery = useQuery(CreateAccountDomainsDocument, { variables: { organizationId } });
  const verified = (domainsQuery.data?.domains ?? []).filter((d) => d.status === "VERIFIED");
  const [displayName, setDisplayName] = useState("");
  const [localPart, setLocalPart] = useState("");
  const [domain, setDomain] = useState<string | null>(null);
  const [profile, setProfile] = useState<AccountProfile>("PROFESSIONAL");
  const [exchangeEnabled, setExchangeEnabled] = useState(false);
  const [password, setPassword] = useState("");
  const chosenDomain = domain ?? verified[0]?.name ?? null;
  const local = localPart.trim();
  const address = local && chosenDomain ? `${local}@${chosenDomain}` : null;
  const { availability, checking } = useAvailability(address, organizationId);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!address) return;
    const data = await run({
      input: {
        organizationId,
        displayName: displayName.trim(),
        primaryAddress: address,
        profile,
        exchangeEnabled,
        ...(password ? { password } : {}),
      },
    });
    if (!data) return;
    onDone();
    void navigate({ to: "/accounts/$accountId", params: { accountId: data.createAccount.id } });
  }

  const serverAddressError = error && (error.field === "primaryAddress" || (error.code && ADDRESS_CODES.has(error.code))) ? error.message : null;
  const takenNow = availability && !availability.available ? availability.message : null;
  const addressError = serverAddressError ?? takenNow;
  const nameError = error?.field === "displayName" ? error.message : null;
  const passwordError = error?.field === "password" ? error.message : null;
  const otherError = error && !serverAddressError && !nameError && !passwordError ? error.message : null;

  if (domainsQuery.data && verified.length === 0) {
    return (
      <Alert tone="info" title="No verified domain yet">
        An account's address is on one of the organization's verified domains. Add a domain and publish its TXT record on the Domains page first.
      </Alert>
    );
  }

  return (
    <form onSubmit={onSubmit} className="console-form">
      <TextField label="Name" value={displayName} onChange={setDisplayName} isRequired autoFocus error={nameError} />
      <div className="console-address-input">
        <TextField
          label="Address (before the @)"
          value={localPart}
          onChange={setLocalPart}
          isRequired
          error={addressError}
          description={
            address && !addressError
              ? checking
                ? `Checking ${address}…`
                : availability?.available
                  ? `${availability.unicodeAddress ?? address} is free.`
                  : undefined
              : undefined
          }
        />
        <span aria-hidden="true" className="console-address-input__at">
          @
        </span>
        <Select
          label="Domain"
          options={verified.map((d) => ({ id: d.name, label: d.unicodeName }))}
          value={chosenDomain}
          onChange={setDomain}
          isDisabled={verified.length === 0}
        />
      </div>
      <Select label="Profile" options={PROFILES} value={profile} onChange={setProfile} />
      <Switch isSelected={exchangeEnabled} onChange={setExchangeEnabled}>
        Exchange mailbox (allows secondary addresses on Exchange domains)
      </Switch>
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        description="For console sign-in; at least 10 characters. Leave empty for an account that never signs in."
        value={password}
        onChange={setPassword}
        error={passwordError}
      />
      {otherError && <Alert>{otherError}</Alert>}
      <div className="console-form__actions">
        <Button variant="secondary" slot="close">
          Cancel
        </Button>
        <Button type="submit" disabled={loading || !address}>
          {loading ? "Creating…" : "Create account"}
        </Button>
      </div>
    </form>
  );
}
