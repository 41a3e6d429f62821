import { useLazyQuery, useQuery } from "@apollo/client/react";
import { AccountsCountDocument, AccountsDocument } from "@postroom/schema";
import type { AccountProfile, AccountStatus } from "@postroom/schema";
import { Badge, Button, Card, Cell, Column, Row, Select, Table, TableBody, TableHeader, TextField } from "@postroom/ui";
import { getRouteApi, Link, useRouteContext } from "@tanstack/react-router";
import { Suspense, lazy, useEffect, useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { ACCOUNT_STATUS, PROFILE_LABELS, formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { useDebouncedValue } from "../../components/useDebouncedValue";
import { describeError } from "../../errors";
import { organizationScope } from "../app/viewer";
import { KeysetPagination } from "../../components/paging";
import { accountsVariables } from "./variables";
import "../../directory.css";

const route = getRouteApi("/_app/accounts");

const loadCreateAccountDialog = () => import("./CreateAccountDialog");
const CreateAccountDialog = lazy(() => loadCreateAccountDialog().then((module) => ({ default: module.CreateAccountDialog })));

const ANY = "any";
const PROFILE_OPTIONS = [{ id: ANY, label: "Any profile" }, ...Object.entries(PROFILE_LABELS).map(([id, label]) => ({ id, label }))];
const STATUS_OPTIONS = [{ id: ANY, label: "Any status" }, ...Object.entries(ACCOUNT_STATUS).map(([id, { label }]) => ({ id, label }))];

/** The search box: typing updates the URL after a pause, so each pause is one server search and a reload keeps it. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const settled = useDebouncedValue(text, 300);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (settled.trim() !== value) onSearch(settled.trim());
    // Only a settled change of the text searches; the URL changing brings the text along above.
  }, [settled]);
  return (
    <TextField
      label="Search accounts"
      placeholder="Part of a name or of any address"
      type="search"
      value={text}
      onChange={setText}
      onKeyDown={(event) => {
        if (event.key === "Enter") onSearch(text.trim());
      }}
    />
  );
}

export function AccountsPage() {
  const { viewer } = useRouteContext({ from: "/_app" });
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const variables = accountsVariables(viewer, search);
  const organizationId = organizationScope(viewer, search.org);
  const { data, loading, error, refetch } = useQuery(AccountsDocument, { variables });
  const [count, countResult] = useLazyQuery(AccountsCountDocument);
  const connection = data?.accounts;
  const filterKey = JSON.stringify([variables.organizationId, variables.search, variables.profile, variables.status]);
  const countedKey = countResult.variables
    ? JSON.stringify([
        countResult.variables.organizationId ?? null,
        countResult.variables.search ?? null,
        countResult.variables.profile ?? null,
        countResult.variables.status ?? null,
      ])
    : null;
  const totalCount = countedKey === filterKey ? countResult.data?.accounts.totalCount : undefined;
  const filtered = Boolean(search.q || search.profile || search.status);
  const [creating, setCreating] = useState(false);

  // A new search or filter starts again at the first page.
  const refine = (change: { q?: string; profile?: AccountProfile; status?: AccountStatus }) =>
    void navigate({ search: (prev) => ({ ...prev, ...change, after: undefined, back: undefined }) });

  return (
    <div className="console-page">
      <h1 className="console-title">Accounts</h1>
      <Card
        title={organizationId ? "Accounts of the organization" : "Accounts of every organization"}
        toolbar={
          organizationId ? (
            <>
              {/* The dialog's code is fetched when the pointer or focus reaches the button, so it opens at once. */}
              <Button onPress={() => setCreating(true)} onHoverStart={() => void loadCreateAccountDialog()} onFocus={() => void loadCreateAccountDialog()}>
                Create account
              </Button>
              {creating && (
                <Suspense fallback={null}>
                  <CreateAccountDialog organizationId={organizationId} onClose={() => setCreating(false)} />
                </Suspense>
              )}
            </>
          ) : (
            <p className="console-hint">Choose an organization to create accounts in it.</p>
          )
        }
      >
        <div className="console-filters" role="search" aria-label="Accounts">
          <SearchBox value={search.q ?? ""} onSearch={(q) => refine({ q: q || undefined })} />
          <Select
            label="Profile"
            options={PROFILE_OPTIONS}
            value={search.profile ?? ANY}
            onChange={(value) => refine({ profile: value === ANY ? undefined : (value as AccountProfile) })}
          />
          <Select
            label="Status"
            options={STATUS_OPTIONS}
            value={search.status ?? ANY}
            onChange={(value) => refine({ status: value === ANY ? undefined : (value as AccountStatus) })}
          />
          <div className="console-filters__count">
            {totalCount !== undefined ? (
              <p role="status">
                {totalCount} {totalCount === 1 ? "account" : "accounts"}
                {filtered ? " match" : " in all"}
              </p>
            ) : (
              <Button
                variant="secondary"
                onPress={() =>
                  void count({
                    variables: {
                      organizationId: variables.organizationId,
                      search: variables.search,
                      profile: variables.profile,
                      status: variables.status,
                    },
                  })
                }
                disabled={countResult.loading}
              >
                {countResult.loading ? "Counting…" : "Count"}
              </Button>
            )}
            {countResult.error && countedKey === filterKey && <p role="alert">{describeError(countResult.error).message}</p>}
          </div>
        </div>
        {loading && !connection && <Loading what="accounts" />}
        {error && <QueryError what="The accounts" error={error} onRetry={() => void refetch()} />}
        {connection && connection.edges.length === 0 && (
          <EmptyState title={filtered ? "No account matches" : "No accounts yet"}>
            {filtered ? "Try another part of the name or address, or clear the filters." : "Create the first account of the organization."}
          </EmptyState>
        )}
        {connection && connection.edges.length > 0 && (
          <Table aria-label="Accounts">
            <TableHeader>
              <Column id="name" isRowHeader>
                Name
              </Column>
              <Column id="address">Primary address</Column>
              <Column id="profile">Profile</Column>
              <Column id="status">Status</Column>
              {!organizationId ? <Column id="organization">Organization</Column> : <Column id="exchange">Exchange</Column>}
              <Column id="created">Created</Column>
            </TableHeader>
            <TableBody items={connection.edges.map((edge) => edge.node)}>
              {(account) => (
                <Row id={account.id}>
                  <Cell>
                    <Link to="/accounts/$accountId" params={{ accountId: account.id }}>
                      {account.displayName}
                    </Link>
                  </Cell>
                  <Cell>{account.primaryAddress?.unicodeAddress ?? "— (offboarded)"}</Cell>
                  <Cell>{PROFILE_LABELS[account.profile]}</Cell>
                  <Cell>
                    <Badge tone={ACCOUNT_STATUS[account.status].tone}>{ACCOUNT_STATUS[account.status].label}</Badge>
                  </Cell>
                  {!organizationId ? <Cell>{account.organization.name}</Cell> : <Cell>{account.exchangeEnabled ? "Yes" : "No"}</Cell>}
                  <Cell className="console-nowrap">{formatDate(account.createdAt)}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        )}
        {connection && (connection.edges.length > 0 || search.after) && (
          <KeysetPagination
            noun="accounts"
            paging={search}
            totalCount={totalCount ?? null}
            hasNextPage={connection.pageInfo.hasNextPage}
            endCursor={connection.pageInfo.endCursor}
            loading={loading}
            onChange={(next) => void navigate({ search: (prev) => ({ org: prev.org, q: prev.q, profile: prev.profile, status: prev.status, ...next }) })}
          />
        )}
      </Card>
    </div>
  );
}
