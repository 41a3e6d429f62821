import { useQuery } from "@apollo/client/react";
import { OrganizationDocument } from "@postroom/schema";
import { Card } from "@postroom/ui";
import { getRouteApi, Link } from "@tanstack/react-router";
import { formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { OrganizationPolicyForm } from "./OrganizationPolicyForm";

const route = getRouteApi("/_app/organizations/$organizationId");

export function OrganizationPage() {
  const { organizationId } = route.useParams();
  const { data, loading, error, refetch } = useQuery(OrganizationDocument, { variables: { id: organizationId } });
  const organization = data?.organization;

  return (
    <div className="console-page">
      <p className="console-crumbs">
        <Link to="/organizations">Organizations</Link>
      </p>
      <h1 className="console-title">{organization?.name ?? "Organization"}</h1>
      {loading && !organization && <Loading what="the organization" />}
      {error && <QueryError what="The organization" error={error} onRetry={() => void refetch()} />}
      {organization && (
        <div className="console-grid">
          <Card title="Details">
            <dl className="console-facts">
              <dt>Name</dt>
              <dd>{organization.name}</dd>
              <dt>Created</dt>
              <dd>{formatDate(organization.createdAt)}</dd>
              <dt>Id</dt>
              <dd>
                <code>{organization.id}</code>
              </dd>
            </dl>
            <p>
              <Link to="/domains" search={{ org: organization.id }}>
                Work in this organization: its domains
              </Link>
            </p>
          </Card>
          <OrganizationPolicyForm key={organization.id} organization={organization} />
        </div>
      )}
    </div>
  );
}
