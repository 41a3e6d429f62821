import { useQuery } from "@apollo/client/react";
import { DashboardDocument, DomainsDocument } from "@postroom/schema";
import type { JobsTable_JobFragment } from "@postroom/schema";
import { Badge, Card } from "@postroom/ui";
import { Link, useRouteContext, useSearch } from "@tanstack/react-router";
import { JOB_STATE, formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { organizationScope } from "../app/viewer";

/** Counts, domains needing attention, failed and retrying jobs, alias requests about to expire. */
export function DashboardPage() {
  const { viewer } = useRouteContext({ from: "/_app" });
  const { org } = useSearch({ from: "/_app" });
  const organizationId = organizationScope(viewer, org) ?? null;
  const { data, loading, error, refetch } = useQuery(DashboardDocument, { variables: { organizationId } });
  const stats = data?.directoryStats;

  return (
    <div className="console-page">
      <h1 className="console-title">Dashboard</h1>
      {!organizationId && <p>All organizations. Choose one in the Organization switcher to see its domains.</p>}
      {loading && !data && <Loading what="the dashboard" />}
      {error && <QueryError what="The dashboard" error={error} onRetry={() => void refetch()} />}
      {stats && (
        <>
          <section aria-label="Directory counts" className="console-counts">
            <Count label="Accounts" value={stats.accounts} to="/accounts" />
            <Count label="Addresses" value={stats.addresses} to="/search" />
            <Count label="Groups" value={stats.groups} to="/groups" />
            <Count label="Domains" value={stats.domains} to="/domains" />
          </section>
          <div className="console-grid">
            {organizationId ? <DomainsNeedingAttention organizationId={organizationId} /> : <PendingDomainsCount count={stats.domainsPendingVerification} />}
            <JobsNeedingAttention failed={data.failed} pending={data.pending} />
            <Card title="Alias requests about to expire">
              {stats.expiringAliasClaims.length === 0 ? (
                <p>No alias request expires in the next 24 hours.</p>
              ) : (
                <ul className="console-links" aria-label="Alias requests about to expire">
                  {stats.expiringAliasClaims.map((claim) => (
                    <li key={claim.id}>
                      {claim.unicodeAddress} for{" "}
                      <Link to="/accounts/$accountId" params={{ accountId: claim.account.id }}>
                        {claim.account.displayName}
                      </Link>{" "}
                      · link expires {formatDate(claim.expiresAt)}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
        </>
      )}
    </div>
  );
}

function Count({ label, value, to }: { label: string; value: number; to: "/accounts" | "/search" | "/groups" | "/domains" }) {
  return (
    <Link to={to} className="console-count">
      <span className="console-count__value">{value.toLocaleString()}</span>
      <span className="console-count__label">{label}</span>
    </Link>
  );
}

function PendingDomainsCount({ count }: { count: number }) {
  return (
    <Card title="Domains needing attention">
      <p>{count === 0 ? "Every domain is verified." : `${count} domain${count === 1 ? " waits" : "s wait"} for the TXT record to be published and checked.`}</p>
    </Card>
  );
}

function DomainsNeedingAttention({ organizationId }: { organizationId: string }) {
  const { data } = useQuery(DomainsDocument, { variables: { organizationId } });
  const pending = (data?.domains ?? []).filter((d) => d.status !== "VERIFIED");
  return (
    <Card title="Domains needing attention">
      {pending.length === 0 ? (
        <p>Every domain is verified.</p>
      ) : (
        <ul className="console-links" aria-label="Domains needing attention">
          {pending.map((d) => (
            <li key={d.id}>
              <Link to="/domains/$domainId" params={{ domainId: d.id }}>
                {d.unicodeName}
              </Link>{" "}
              · not verified: publish its TXT record, then press Check now
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

interface JobList {
  totalCount: number;
  edges: { node: JobsTable_JobFragment }[];
}

function JobsNeedingAttention({ failed, pending }: { failed: JobList; pending: JobList }) {
  const retrying = pending.edges.map((e) => e.node).filter((job) => job.attempts > 0);
  const jobs = [...failed.edges.map((e) => e.node), ...retrying];
  return (
    <Card
      title="Failed and retrying jobs"
      toolbar={
        <Link to="/jobs" search={{ state: "FAILED" }}>
          All failed jobs
        </Link>
      }
    >
      {jobs.length === 0 ? (
        <p>No job has failed; none is being retried.</p>
      ) : (
        <ul className="console-links" aria-label="Failed and retrying jobs">
          {jobs.map((job) => (
            <li key={job.id}>
              <Badge tone={job.state === "FAILED" ? "danger" : JOB_STATE[job.state].tone}>{job.state === "FAILED" ? "Failed" : "Retrying"}</Badge>{" "}
              {job.address ?? job.kind} · attempt {job.attempts} of {job.maxAttempts}
              {job.lastError && <> · {job.lastError}</>}
            </li>
          ))}
        </ul>
      )}
      {failed.totalCount > failed.edges.length && <p>{failed.totalCount} failed in all.</p>}
    </Card>
  );
}
