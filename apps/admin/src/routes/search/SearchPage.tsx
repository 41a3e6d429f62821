import { useQuery } from "@apollo/client/react";
import { AddressAvailabilityDocument, ResolveAddressDocument } from "@postroom/schema";
import { Alert, Card } from "@postroom/ui";
import { getRouteApi } from "@tanstack/react-router";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { describeError } from "../../errors";
import { organizationScope } from "../app/viewer";
import { AddressAvailabilityNote } from "./AddressAvailabilityNote";
import { AddressPath } from "./AddressPath";

const route = getRouteApi("/_app/search");

export function SearchPage() {
  const { address, org } = route.useSearch();
  const { viewer } = route.useRouteContext();
  return (
    <div className="console-page">
      <h1 className="console-title">Who owns this address?</h1>
      {address ? (
        <SearchResult key={address} address={address} organizationId={organizationScope(viewer, org)} operator={viewer.role === "OPERATOR"} />
      ) : (
        <Card title="Search an address">
          <p>
            Type any address in the search field at the top (press <kbd>/</kbd> to jump there): any case, Unicode or punycode, with or without a{" "}
            <code>+tag</code>. The answer says who owns it, its kind and status, and the path its mail takes.
          </p>
        </Card>
      )}
    </div>
  );
}

function SearchResult({ address, organizationId, operator }: { address: string; organizationId?: string; operator: boolean }) {
  const { data, loading, error, refetch } = useQuery(ResolveAddressDocument, { variables: { address } });
  const routesNowhere = data?.resolveAddress === null;
  const canAskAvailability = Boolean(organizationId) || !operator;
  const availability = useQuery(AddressAvailabilityDocument, {
    variables: { address, organizationId },
    skip: !routesNowhere || !canAskAvailability,
  });

  if (loading) return <Loading what="the answer" />;
  if (error) {
    const described = describeError(error);
    // An address the canonicalizer refuses is the input's fault: say so, not "could not load".
    if (described.code === "INVALID_ADDRESS" || described.code === "BAD_USER_INPUT") {
      return (
        <Card title={address}>
          <Alert title="Not an address">{described.message}</Alert>
        </Card>
      );
    }
    return <QueryError what="The answer" error={error} onRetry={() => void refetch()} />;
  }
  if (data?.resolveAddress) return <AddressPath resolution={data.resolveAddress} />;
  return (
    <Card title={address}>
      <p className="console-nowhere">
        <strong>Routes nowhere.</strong> Mail sent to this address would bounce: no account or group you can see receives it.
      </p>
      {availability.loading && <Loading what="whether it is free" />}
      {availability.error && <QueryError what="Whether the address is free" error={availability.error} onRetry={() => void availability.refetch()} />}
      {availability.data && <AddressAvailabilityNote availability={availability.data.addressAvailability} />}
      {!canAskAvailability && <p>Choose an organization in the header to see whether it could use this address.</p>}
    </Card>
  );
}
