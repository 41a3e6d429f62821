import type { DomainPanel_DomainFragment, MailService } from "@postroom/schema";
import { Alert, Badge, Button, Card, CopyButton, Dialog, Select } from "@postroom/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { DOMAIN_STATUS, MAIL_SERVICE_LABELS, formatDate } from "../../components/labels";
import type { DescribedError } from "../../errors";
import { useRemoveDomainMutation } from "../../mutations/useRemoveDomainMutation";
import { useUpdateDomainMutation } from "../../mutations/useUpdateDomainMutation";
import { useVerifyDomainMutation } from "../../mutations/useVerifyDomainMutation";
import { domainInUseDetails, verificationFailure } from "./domain-errors";
import { ConfirmActions } from "../../components/ConfirmActions";

const SERVICES = (Object.keys(MAIL_SERVICE_LABELS) as MailService[]).map((id) => ({ id, label: MAIL_SERVICE_LABELS[id] }));

export function DomainPanel({ domain }: { domain: DomainPanel_DomainFragment; organizationId: string }) {
  const status = DOMAIN_STATUS[domain.status];
  return (
    <Card
      title={domain.unicodeName}
      className="console-panel"
      toolbar={
        <Link to="/audit" search={{ target: domain.id }}>
          Audit trail of this domain
        </Link>
      }
    >
      <dl className="console-facts">
        <dt>Status</dt>
        <dd>
          <Badge tone={status.tone}>{status.label}</Badge>
        </dd>
        {domain.name !== domain.unicodeName && (
          <>
            <dt>ASCII name</dt>
            <dd>{domain.name}</dd>
          </>
        )}
        <dt>Added</dt>
        <dd>{formatDate(domain.createdAt)}</dd>
        <dt>Verified on</dt>
        <dd>{formatDate(domain.verifiedAt)}</dd>
      </dl>
      {domain.status === "PENDING_VERIFICATION" && <Verification domain={domain} />}
      {domain.status === "VERIFIED" && <MailRouting domain={domain} />}
      <MailServiceForm domain={domain} />
      <RemoveDomain domain={domain} />
    </Card>
  );
}

function Verification({ domain }: { domain: DomainPanel_DomainFragment }) {
  const { run, loading, error } = useVerifyDomainMutation();
  const record = domain.verificationRecord;
  return (
    <section className="console-section" aria-labelledby={`verify-${domain.id}`}>
      <h3 id={`verify-${domain.id}`} className="console-subtitle">
        Prove the organization owns {domain.unicodeName}
      </h3>
      {record ? (
        <>
          <p>Publish this DNS record at the domain&apos;s DNS provider, then press Check now.</p>
          <dl className="console-record">
            <dt>Name</dt>
            <dd>
              <code>{record.name}</code>
              <CopyButton value={record.name} label="record name" />
            </dd>
            <dt>Type</dt>
            <dd>
              <code>{record.type}</code>
              <CopyButton value={record.type} label="record type" />
            </dd>
            <dt>Value</dt>
            <dd>
              <code>{record.value}</code>
              <CopyButton value={record.value} label="record value" />
            </dd>
          </dl>
        </>
      ) : (
        <p>Only the organization&apos;s administrators can see the record to publish.</p>
      )}
      <div className="console-actions">
        <Button onPress={() => void run({ id: domain.id })} disabled={loading}>
          {loading ? "Checking…" : "Check now"}
        </Button>
      </div>
      {error && <VerificationError error={error} />}
    </section>
  );
}

/** The maps Postfix asks Postroom (socketmap_table(5)); the port is SOCKETMAP_PORT's default. */
const POSTFIX_MAPS = ["virtual_mailbox_domains", "virtual_alias_maps", "virtual_mailbox_maps", "smtpd_sender_login_maps"];
const POSTFIX_SETTINGS = POSTFIX_MAPS.map((map) => `${map} = socketmap:inet:127.0.0.1:4001:${map}`).join("\n");

/** What to publish and configure so mail for a verified domain is delivered by Postfix asking Postroom. */
function MailRouting({ domain }: { domain: DomainPanel_DomainFragment }) {
  return (
    <section className="console-section" aria-labelledby={`routing-${domain.id}`}>
      <h3 id={`routing-${domain.id}`} className="console-subtitle">
        Deliver its mail
      </h3>
      <p>Point the domain&apos;s MX record at your Postfix server, and let Postfix ask Postroom where each address goes.</p>
      <dl className="console-record">
        <dt>Name</dt>
        <dd>
          <code>{domain.name}.</code>
          <CopyButton value={`${domain.name}.`} label="MX record name" />
        </dd>
        <dt>Type</dt>
        <dd>
          <code>MX</code>
        </dd>
        <dt>Value</dt>
        <dd>
          <code>10 your Postfix server&apos;s host name</code>
        </dd>
      </dl>
      <p>In Postfix&apos;s main.cf (Postroom&apos;s socketmap listens on 127.0.0.1:4001 unless SOCKETMAP_PORT says otherwise; docs/postfix.md has the rest):</p>
      <pre className="console-config" aria-label="Postfix settings">
        <code>{POSTFIX_SETTINGS}</code>
      </pre>
      <CopyButton value={POSTFIX_SETTINGS} label="Postfix settings" />
    </section>
  );
}

function VerificationError({ error }: { error: DescribedError }) {
  const failure = verificationFailure(error);
  if (!failure) return <Alert>{error.message}</Alert>;
  return (
    <Alert title="Not verified yet">
      <p>{error.message}</p>
      <dl className="console-facts">
        <dt>Expected</dt>
        <dd>
          <code>{failure.expected}</code>
        </dd>
        <dt>Found</dt>
        <dd>
          {failure.found === null ? (
            "The DNS lookup failed, so nothing could be read."
          ) : failure.found.length === 0 ? (
            "No TXT record at this name."
          ) : (
            <ul className="console-found">
              {failure.found.map((value) => (
                <li key={value}>
                  <code>{value}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </Alert>
  );
}

function MailServiceForm({ domain }: { domain: DomainPanel_DomainFragment }) {
  const { run, loading, error } = useUpdateDomainMutation();
  const [service, setService] = useState<MailService>(domain.mailService);
  const details = error ? domainInUseDetails(error) : null;
  return (
    <section className="console-section" aria-labelledby={`service-${domain.id}`}>
      <h3 id={`service-${domain.id}`} className="console-subtitle">
        Mail service
      </h3>
      <p>A domain serves one mail service at a time.</p>
      <div className="console-inline">
        <Select label="Mail service of this domain" options={SERVICES} value={service} onChange={setService} />
        <Button
          variant="secondary"
          disabled={loading || service === domain.mailService}
          onPress={() => void run({ id: domain.id, input: { mailService: service } })}
        >
          {loading ? "Changing…" : "Change mail service"}
        </Button>
      </div>
      {error && (
        <Alert>
          {error.message}
          {details && <p>{details}</p>}
        </Alert>
      )}
    </section>
  );
}

function RemoveDomain({ domain }: { domain: DomainPanel_DomainFragment }) {
  const { run, loading, error, reset } = useRemoveDomainMutation(domain.unicodeName);
  const [confirming, setConfirming] = useState(false);
  const navigate = useNavigate();
  const details = error ? domainInUseDetails(error) : null;

  async function remove() {
    const data = await run({ id: domain.id });
    setConfirming(false);
    if (data) void navigate({ to: "/domains" });
  }

  return (
    <section className="console-section" aria-labelledby={`remove-${domain.id}`}>
      <h3 id={`remove-${domain.id}`} className="console-subtitle">
        Remove
      </h3>
      <p>Removing frees the name. It is refused while any address uses the domain.</p>
      <Button
        variant="danger"
        onPress={() => {
          reset();
          setConfirming(true);
        }}
      >
        Remove domain
      </Button>
      {error && (
        <Alert title="The domain was not removed">
          {error.message}
          {details && <p>{details}</p>}
        </Alert>
      )}
      <Dialog title={`Remove ${domain.unicodeName}?`} isOpen={confirming} onOpenChange={setConfirming}>
        <p>The domain leaves the organization. Nothing else changes; you can add it again later.</p>
        <ConfirmActions danger confirm="Remove" busy="Removing…" loading={loading} onConfirm={() => void remove()} />
      </Dialog>
    </section>
  );
}
