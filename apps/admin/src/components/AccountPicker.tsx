import { useQuery } from "@apollo/client/react";
import { AccountPickerDocument } from "@postroom/schema";
import type { AccountPicker_AccountFragment, AccountStatus } from "@postroom/schema";
import { ComboBox } from "@postroom/ui";
import { useEffect, useState } from "react";
import { useDebouncedValue } from "./useDebouncedValue";

export interface AccountPickerProps {
  label: string;
  description?: string;
  organizationId: string | null;
  /** Only accounts in this status are offered. */
  status?: AccountStatus;
  /** The chosen account, as known (its name fills the input). */
  selected: AccountPicker_AccountFragment | null;
  onChange: (account: AccountPicker_AccountFragment | null) => void;
  /** An account that must not be offered (the other side of a transfer). */
  excludeId?: string;
  error?: string | null;
}

/** Type-ahead over the accounts, searched on the server (name or any address), ten at a time. */
export function AccountPicker({ label, description, organizationId, status, selected, onChange, excludeId, error }: AccountPickerProps) {
  const [text, setText] = useState(selected?.displayName ?? "");
  useEffect(() => setText(selected?.displayName ?? ""), [selected?.id, selected?.displayName]);
  const term = useDebouncedValue(text.trim(), 250);
  const searching = term !== "" && term !== selected?.displayName;
  const { data, loading } = useQuery(AccountPickerDocument, {
    variables: { organizationId, search: term, status: status ?? null },
    skip: !searching,
  });
  const found = (searching ? (data?.accounts.edges.map((e) => e.node) ?? []) : []).filter((a) => a.id !== excludeId);
  const options = selected && !found.some((a) => a.id === selected.id) ? [selected, ...found] : found;
  return (
    <ComboBox
      label={label}
      description={description}
      items={options.map((a) => ({ id: a.id, label: a.displayName, detail: a.primaryAddress?.unicodeAddress ?? "no address" }))}
      inputValue={text}
      onInputChange={setText}
      selectedKey={selected?.id ?? null}
      onSelectionChange={(id) => {
        const account = options.find((a) => a.id === id) ?? null;
        onChange(account);
        if (account) setText(account.displayName);
      }}
      loading={loading || term !== text.trim()}
      emptyText={text.trim() ? "No account matches" : "Type part of a name or address"}
      error={error}
      placeholder="Name or address"
    />
  );
}
