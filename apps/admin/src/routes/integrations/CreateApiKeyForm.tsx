import { useQuery } from "@apollo/client/react";
import { DomainsDocument } from "@postroom/schema";
import type { CreateApiKeyMutation } from "@postroom/schema";
import { Alert, Button, Checkbox, Select, TextField } from "@postroom/ui";
import { useId, useState } from "react";
import type { FormEvent } from "react";
import { FieldError, Label, Text, TextArea, TextField as AriaTextField } from "react-aria-components";
import { formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { useCreateApiKeyMutation } from "../../mutations/useCreateApiKeyMutation";
import { DEFAULT_EXPIRY, EXPIRY_CHOICES, expiryFor, latestDay, localDay, parseIpList } from "./expiry";
import type { ExpiryChoice } from "./expiry";
import { ScopesField, effectiveScopes } from "./ScopesField";

type Created = CreateApiKeyMutation["createApiKey"];

/** The fields the API names in extensions.field; anything else is shown above the buttons. */
const FIELDS = new Set(["name", "scopes", "domains", "expiresAt", "allowedIps"]);

export function CreateApiKeyForm({ organizationId, onCreated }: { organizationId: string; onCreated: (created: Created) => void }) {
  const { run, loading, error } = useCreateApiKeyMutation();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Set<string>>(new Set());
  const [domains, setDomains] = useState<Set<string>>(new Set());
  const [expiry, setExpiry] = useState<ExpiryChoice>(DEFAULT_EXPIRY);
  const [day, setDay] = useState("");
  const [ips, setIps] = useState("");
  const [dayError, setDayError] = useState<string | null>(null);
  const now = new Date();
  const expiresAt = expiryFor(expiry, day, now);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!expiresAt.ok) {
      setDayError(expiresAt.message);
      return;
    }
    setDayError(null);
    const data = await run({
      input: {
        organizationId,
        name: name.trim(),
        scopes: effectiveScopes(scopes),
        domains: domains.size ? [...domains] : null,
        expiresAt: expiresAt.at.toISOString(),
        allowedIps: parseIpList(ips),
      },
    });
    if (data) onCreated(data.createApiKey);
  }

  const at = (field: string) => (error && error.field === field ? error.message : null);
  const expiryError = dayError ?? at("expiresAt");
  return (
    <form onSubmit={onSubmit} className="console-form" aria-label="New API key">
      <TextField
        label="Name"
        description="Who or what uses it, e.g. HR sync. Shown in the audit log."
        value={name}
        onChange={setName}
        isRequired
        autoFocus
        error={at("name")}
      />
      <ScopesField checked={scopes} onChange={setScopes} error={at("scopes")} />
      <DomainRestriction organizationId={organizationId} chosen={domains} onChange={setDomains} error={at("domains")} />
      <div className="integrations-expiry">
        <Select
          label="Expires"
          options={EXPIRY_CHOICES}
          value={expiry}
          onChange={(choice) => {
            setExpiry(choice);
            setDayError(null);
          }}
          description={expiresAt.ok ? `The key stops working on ${formatDate(expiresAt.at.toISOString())}.` : "At most one year ahead."}
          error={expiry === "date" ? null : expiryError}
        />
        {expiry === "date" && (
          <TextField
            label="Expiry day"
            type="date"
            value={day}
            onChange={(value) => {
              setDay(value);
              setDayError(null);
            }}
            description={`From ${localDay(new Date(now.getTime() + 86_400_000))} to ${latestDay(now)}.`}
            isRequired
            error={expiryError}
          />
        )}
      </div>
      <AriaTextField className="pr-field" value={ips} onChange={setIps} isInvalid={Boolean(at("allowedIps"))} validationBehavior="aria">
        <Label className="pr-field__label">Allowed IP addresses (optional)</Label>
        <TextArea className="pr-field__input console-textarea integrations-ips" rows={3} spellCheck={false} />
        <Text slot="description" className="pr-field__description">
          Addresses or CIDR ranges such as 203.0.113.0/24, separated by commas or new lines. Empty: the key works from anywhere.
        </Text>
        <FieldError className="pr-field__error">{at("allowedIps")}</FieldError>
      </AriaTextField>
      {error && !FIELDS.has(error.field ?? "") && <Alert>{error.message}</Alert>}
      <div className="console-form__actions">
        <Button variant="secondary" slot="close">
          Cancel
        </Button>
        <Button type="submit" disabled={loading}>
          {loading ? "Creating…" : "Create key"}
        </Button>
      </div>
    </form>
  );
}

interface DomainRestrictionProps {
  organizationId: string;
  chosen: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  error: string | null;
}

/** Writes limited to addresses on some of the organization's domains; none chosen means no limit. */
function DomainRestriction({ organizationId, chosen, onChange, error }: DomainRestrictionProps) {
  const id = useId();
  const { data, loading, error: loadError, refetch } = useQuery(DomainsDocument, { variables: { organizationId } });
  const domains = data ? [...data.domains].sort((a, b) => a.unicodeName.localeCompare(b.unicodeName)) : null;
  return (
    <fieldset className="integrations-fieldset" aria-describedby={`${id}-hint ${id}-error`}>
      <legend className="pr-field__label">Limit writes to these domains (optional)</legend>
      <p id={`${id}-hint`} className="pr-field__description">
        None chosen: the key may change addresses on any of the organization&apos;s domains. Reading is never limited.
      </p>
      {loading && !data && <Loading what="domains" />}
      {loadError && <QueryError what="The domains" error={loadError} onRetry={() => void refetch()} />}
      {domains && domains.length === 0 && <p className="console-hint">The organization has no domains yet.</p>}
      {domains && domains.length > 0 && (
        <div className="integrations-choices">
          {domains.map((domain) => (
            <Checkbox
              key={domain.id}
              isSelected={chosen.has(domain.name)}
              onChange={(on) => {
                const next = new Set(chosen);
                if (on) next.add(domain.name);
                else next.delete(domain.name);
                onChange(next);
              }}
            >
              {domain.unicodeName}
            </Checkbox>
          ))}
        </div>
      )}
      <p id={`${id}-error`} className="pr-field__error">
        {error}
      </p>
    </fieldset>
  );
}
