import type { AccountPage_AccountFragment, AccountProfile } from "@postroom/schema";
import { Alert, Button, Select, Switch, TextField } from "@postroom/ui";
import { useState } from "react";
import type { FormEvent } from "react";
import { PROFILE_LABELS } from "../../components/labels";
import { useUpdateAccountMutation } from "../../mutations/useUpdateAccountMutation";

const PROFILES = (Object.keys(PROFILE_LABELS) as AccountProfile[]).map((id) => ({ id, label: PROFILE_LABELS[id] }));

/** Name, profile, Exchange flag and a new password; only what changed is sent. */
export function EditAccountForm({ account, onDone }: { account: AccountPage_AccountFragment; onDone: () => void }) {
  const { run, loading, error } = useUpdateAccountMutation();
  const [displayName, setDisplayName] = useState(account.displayName);
  const [profile, setProfile] = useState<AccountProfile>(account.profile);
  const [exchangeEnabled, setExchangeEnabled] = useState(account.exchangeEnabled);
  const [password, setPassword] = useState("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = {
      ...(displayName.trim() !== account.displayName ? { displayName: displayName.trim() } : {}),
      ...(profile !== account.profile ? { profile } : {}),
      ...(exchangeEnabled !== account.exchangeEnabled ? { exchangeEnabled } : {}),
      ...(password ? { password } : {}),
    };
    if (Object.keys(input).length === 0) return onDone();
    if (await run({ id: account.id, input })) onDone();
  }

  const nameError = error?.field === "displayName" ? error.message : null;
  const passwordError = error?.field === "password" ? error.message : null;
  return (
    <form className="console-form" onSubmit={onSubmit}>
      <TextField label="Name" value={displayName} onChange={setDisplayName} isRequired autoFocus error={nameError} />
      <Select label="Profile" options={PROFILES} value={profile} onChange={setProfile} />
      <Switch isSelected={exchangeEnabled} onChange={setExchangeEnabled}>
        Exchange mailbox
      </Switch>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        description="Leave empty to keep the current one. A new password ends the account's other sessions."
        value={password}
        onChange={setPassword}
        error={passwordError}
      />
      {error && !nameError && !passwordError && <Alert>{error.message}</Alert>}
      <div className="console-form__actions">
        <Button variant="secondary" slot="close">
          Cancel
        </Button>
        <Button type="submit" disabled={loading}>
          {loading ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
