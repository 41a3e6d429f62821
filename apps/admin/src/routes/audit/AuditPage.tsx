import { useQuery } from "@apollo/client/react";
import { AuditListDocument } from "@postroom/schema";
import { Button, Card, Select, TextField } from "@postroom/ui";
import { getRouteApi, useRouteContext } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { EmptyState } from "../../components/EmptyState";
import { Loading } from "../../components/Loading";
import { DEFAULT_PAGE_SIZE, KeysetPagination } from "../../components/paging";
import { QueryError } from "../../components/QueryError";
import { organizationScope } from "../app/viewer";
import { AuditEventItem } from "./AuditEventItem";
import { auditVariables } from "./variables";

const route = getRouteApi("/_app/audit");

export const ACTIONS = [
  "account.create",
  "account.update",
  "account.disable",
  "account.enable",
  "account.setPrimaryAddress",
  "account.offboard",
  "address.addAlias",
  "address.addSecondary",
  "address.provisioned",
  "address.remove",
  "address.release",
  "address.transfer",
  "alias.request",
  "alias.resend",
  "alias.confirm",
  "alias.cancel",
  "domain.add",
  "domain.update",
  "domain.verify",
  "domain.remove",
  "domain.change",
  "group.create",
  "group.update",
  "group.delete",
  "group.addMembers",
  "group.removeMembers",
  "group.setOwners",
  "organization.create",
  "organization.updatePolicy",
];
const ANY = "";

export function AuditPage() {
  const { viewer } = useRouteContext({ from: "/_app" });
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const organizationId = organizationScope(viewer, search.org) ?? null;
  const { data, loading, error, refetch } = useQuery(AuditListDocument, {
    variables: auditVariables(organizationId, search, search.size ?? DEFAULT_PAGE_SIZE),
  });
  const connection = data?.auditEvents;
  const [draft, setDraft] = useState({
    action: search.action ?? ANY,
    actor: search.actor ?? "",
    target: search.target ?? "",
    from: search.from ?? "",
    to: search.to ?? "",
  });
  useEffect(
    () => setDraft({ action: search.action ?? ANY, actor: search.actor ?? "", target: search.target ?? "", from: search.from ?? "", to: search.to ?? "" }),
    [search.action, search.actor, search.target, search.from, search.to],
  );

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void navigate({
      search: (prev) => ({
        org: prev.org,
        action: draft.action || undefined,
        actor: draft.actor.trim() || undefined,
        target: draft.target.trim() || undefined,
        from: draft.from || undefined,
        to: draft.to || undefined,
      }),
    });
  }

  const filtered = Boolean(search.action || search.actor || search.target || search.from || search.to);
  return (
    <div className="console-page">
      <h1 className="console-title">Audit log</h1>
      <Card title="Filters">
        <form className="console-filters" onSubmit={apply} aria-label="Audit filters">
          <Select
            label="Action"
            options={[{ id: ANY, label: "Any action" }, ...ACTIONS.map((a) => ({ id: a, label: a }))]}
            value={draft.action}
            onChange={(action) => setDraft({ ...draft, action })}
          />
          <TextField label="Actor id" description="An account's or operator's id." value={draft.actor} onChange={(actor) => setDraft({ ...draft, actor })} />
          <TextField
            label="Target id"
            description="The changed account, group, domain…"
            value={draft.target}
            onChange={(target) => setDraft({ ...draft, target })}
          />
          <TextField label="From" type="date" value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />
          <TextField label="To" type="date" value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
          <div className="console-form__actions">
            <Button type="submit">Apply filters</Button>
            {filtered && (
              <Button variant="secondary" onPress={() => void navigate({ search: (prev) => ({ org: prev.org }) })}>
                Clear filters
              </Button>
            )}
          </div>
        </form>
      </Card>
      <Card title={connection ? `Events, newest first (${connection.totalCount})` : "Events, newest first"}>
        {loading && !connection && <Loading what="events" />}
        {error && <QueryError what="The audit log" error={error} onRetry={() => void refetch()} />}
        {connection && connection.totalCount === 0 && (
          <EmptyState title="No events match">{filtered ? "Widen the filters." : "Changes appear here as they happen."}</EmptyState>
        )}
        {connection && connection.edges.length > 0 && (
          <ol className="console-audit" aria-label="Audit events">
            {connection.edges.map(({ node }) => (
              <AuditEventItem
                key={node.id}
                event={node}
                onFilter={(key, value) =>
                  void navigate({
                    search: (prev) => ({
                      org: prev.org,
                      action: prev.action,
                      actor: prev.actor,
                      target: prev.target,
                      from: prev.from,
                      to: prev.to,
                      [key]: value,
                    }),
                  })
                }
              />
            ))}
          </ol>
        )}
        {connection && (
          <KeysetPagination
            noun="events"
            paging={search}
            totalCount={connection.totalCount}
            hasNextPage={connection.pageInfo.hasNextPage}
            endCursor={connection.pageInfo.endCursor}
            loading={loading}
            onChange={(next) => void navigate({ search: (prev) => ({ ...prev, size: undefined, after: undefined, back: undefined, ...next }) })}
          />
        )}
      </Card>
    </div>
  );
}
