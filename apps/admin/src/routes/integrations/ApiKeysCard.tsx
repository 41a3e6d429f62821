import { useQuery } from "@apollo/client/react";
import { ApiKeysDocument } from "@postroom/schema";
import type { ApiKeysTable_ApiKeyFragment } from "@postroom/schema";
import { Alert, Badge, Button, Card, Cell, Column, Dialog, DialogTrigger, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import { useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { formatDate, formatDay } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { DEFAULT_PAGE_SIZE, KeysetPagination } from "../../components/paging";
import type { PagingSearch } from "../../components/paging";
import { QueryError } from "../../components/QueryError";
import { useRevokeApiKeyMutation } from "../../mutations/useRevokeApiKeyMutation";
import { useRotateApiKeyMutation } from "../../mutations/useRotateApiKeyMutation";
import { KEY_STATUS, ROTATION_GRACE, keyStatus } from "./catalog";
import { CreateApiKeyForm } from "./CreateApiKeyForm";
import { SecretDialog } from "./SecretDialog";
import type { ShownSecret } from "./SecretDialog";
import { ConfirmActions } from "../../components/ConfirmActions";

interface ApiKeysCardProps {
  organizationId: string;
  paging: PagingSearch;
  onPage: (next: PagingSearch) => void;
}

function usage(secret: string) {
  return (
    <p>
      Send it with every request as <code>Authorization: Bearer {secret.slice(0, 8)}…</code> to <code>/graphql</code>.
    </p>
  );
}

/** The organization's API keys, newest first, with create, rotate and revoke. */
export function ApiKeysCard({ organizationId, paging, onPage }: ApiKeysCardProps) {
  const { data, loading, error, refetch } = useQuery(ApiKeysDocument, {
    variables: { organizationId, first: paging.size ?? DEFAULT_PAGE_SIZE, after: paging.after ?? null },
  });
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const connection = data?.apiKeys;
  const keys = connection?.edges.map((e) => e.node) ?? [];

  return (
    <Card
      title="API keys"
      toolbar={
        <DialogTrigger>
          <Button>Create API key</Button>
          <Dialog title="Create an API key" size="wide">
            {(close) => (
              <CreateApiKeyForm
                organizationId={organizationId}
                onCreated={({ apiKey, secret }) => {
                  close();
                  setShown({
                    title: `Secret of ${apiKey.name}`,
                    label: "API key secret",
                    secret,
                    details: (
                      <>
                        {usage(secret)}
                        <p>The key works until {formatDate(apiKey.expiresAt)}.</p>
                      </>
                    ),
                  });
                }}
              />
            )}
          </Dialog>
        </DialogTrigger>
      }
    >
      <p className="console-hint">
        Integrations call the GraphQL API with a key instead of a person&apos;s sign-in. Each key can do only what its scopes allow, inside this organization,
        until it expires or is revoked.
      </p>
      {loading && !connection && <Loading what="API keys" />}
      {error && <QueryError what="The API keys" error={error} onRetry={() => void refetch()} />}
      {connection && connection.totalCount === 0 && (
        <EmptyState title="No API keys yet">Create one for each integration, with only the scopes it needs.</EmptyState>
      )}
      {keys.length > 0 && (
        <Table aria-label="API keys" className="integrations-keys">
          <TableHeader>
            <Column id="name" isRowHeader>
              Key
            </Column>
            <Column id="status">Status</Column>
            <Column id="scopes">Scopes</Column>
            <Column id="limits">Limited to</Column>
            <Column id="used">Last used</Column>
            <Column id="actions">Actions</Column>
          </TableHeader>
          <TableBody items={keys}>
            {(key) => {
              const status = keyStatus(key);
              return (
                <Row id={key.id}>
                  <Cell className="integrations-key">
                    <span className="integrations-key__name">{key.name}</span>
                    <span className="integrations-key__meta" title={`Created ${formatDate(key.createdAt)}`}>
                      {key.createdBy} · <span className="console-nowrap">{formatDay(key.createdAt)}</span>
                    </span>
                  </Cell>
                  <Cell className="integrations-key-status">
                    <Badge tone={KEY_STATUS[status].tone}>{KEY_STATUS[status].label}</Badge>
                    <span className="integrations-key__meta">
                      {status === "REVOKED" ? (
                        `on ${formatDay(key.revokedAt)}`
                      ) : (
                        <span title={formatDate(key.expiresAt)}>
                          {status === "EXPIRED" ? "on" : "until"} {formatDay(key.expiresAt)}
                        </span>
                      )}
                    </span>
                    {status === "ROTATING" && <span className="integrations-key__meta">old secret until {formatDate(key.previousSecretExpiresAt)}</span>}
                  </Cell>
                  <Cell>
                    <ul className="integrations-badges" aria-label={`Scopes of ${key.name}`}>
                      {key.scopes.map((scope) => (
                        <li key={scope}>
                          <Badge tone={scope.endsWith(":read") || scope === "resolve" ? "neutral" : "info"}>{scope}</Badge>
                        </li>
                      ))}
                    </ul>
                  </Cell>
                  <Cell>
                    <Limits keyItem={key} />
                  </Cell>
                  <Cell>
                    {key.lastUsedAt ? (
                      <>
                        {formatDate(key.lastUsedAt)}
                        {key.lastUsedIp && <span className="integrations-key__meta">from {key.lastUsedIp}</span>}
                      </>
                    ) : (
                      <span className="console-muted">Never</span>
                    )}
                  </Cell>
                  <Cell>
                    {(status === "ACTIVE" || status === "ROTATING") && (
                      <div className="console-row-actions">
                        <RotateKeyButton keyItem={key} onRotated={setShown} />
                        <RevokeKeyButton keyItem={key} />
                      </div>
                    )}
                  </Cell>
                </Row>
              );
            }}
          </TableBody>
        </Table>
      )}
      {connection && (
        <KeysetPagination
          noun="API keys"
          paging={paging}
          totalCount={connection.totalCount}
          hasNextPage={connection.pageInfo.hasNextPage}
          endCursor={connection.pageInfo.endCursor}
          loading={loading}
          onChange={onPage}
        />
      )}
      <SecretDialog shown={shown} onClose={() => setShown(null)} />
    </Card>
  );
}

function Limits({ keyItem }: { keyItem: ApiKeysTable_ApiKeyFragment }) {
  if (!keyItem.domains && !keyItem.allowedIps) return <span className="console-muted">No limits</span>;
  return (
    <ul className="integrations-limits">
      {keyItem.domains && (
        <li>
          <span className="console-muted">Writes on</span> {keyItem.domains.join(", ")}
        </li>
      )}
      {keyItem.allowedIps && (
        <li>
          <span className="console-muted">From</span> {keyItem.allowedIps.join(", ")}
        </li>
      )}
    </ul>
  );
}

function RotateKeyButton({ keyItem, onRotated }: { keyItem: ApiKeysTable_ApiKeyFragment; onRotated: (shown: ShownSecret) => void }) {
  const rotate = useRotateApiKeyMutation();
  return (
    <DialogTrigger onOpenChange={() => rotate.reset()}>
      <Button variant="secondary" aria-label={`Rotate ${keyItem.name}`}>
        Rotate
      </Button>
      <Dialog title={`Rotate ${keyItem.name}?`}>
        {(close) => (
          <div className="console-form">
            <p>
              The key gets a new secret, shown once. The current secret keeps working for {ROTATION_GRACE} (never past the key&apos;s expiry), so the
              integration can switch without an outage. Rotating again ends that grace at once.
            </p>
            {rotate.error && <Alert>{rotate.error.message}</Alert>}
            <ConfirmActions
              cancel="Cancel"
              confirm="Rotate secret"
              busy="Rotating…"
              loading={rotate.loading}
              onConfirm={async () => {
                const data = await rotate.run({ id: keyItem.id });
                if (!data) return;
                close();
                const { apiKey, secret } = data.rotateApiKey;
                onRotated({
                  title: `New secret of ${apiKey.name}`,
                  label: "API key secret",
                  secret,
                  details: (
                    <>
                      {usage(secret)}
                      <p>The previous secret keeps working until {formatDate(apiKey.previousSecretExpiresAt)}; after that only this one does.</p>
                    </>
                  ),
                });
              }}
            />
          </div>
        )}
      </Dialog>
    </DialogTrigger>
  );
}

function RevokeKeyButton({ keyItem }: { keyItem: ApiKeysTable_ApiKeyFragment }) {
  const revoke = useRevokeApiKeyMutation();
  return (
    <DialogTrigger onOpenChange={() => revoke.reset()}>
      <Button variant="quiet" aria-label={`Revoke ${keyItem.name}`}>
        Revoke
      </Button>
      <Dialog title={`Revoke ${keyItem.name}?`}>
        {(close) => (
          <div className="console-form">
            <p>
              Every request with this key is refused from now on, with its current and any previous secret. This cannot be undone: an integration that still
              needs access gets a new key.
            </p>
            {revoke.error && <Alert>{revoke.error.message}</Alert>}
            <ConfirmActions
              danger
              confirm="Revoke key"
              busy="Revoking…"
              loading={revoke.loading}
              onConfirm={async () => {
                if (await revoke.run({ id: keyItem.id })) close();
              }}
            />
          </div>
        )}
      </Dialog>
    </DialogTrigger>
  );
}
