/** The tabs a first visit opens with; GraphiQL keeps the user's own tabs after that. */
export const EXAMPLE_TABS = [
  {
    query: `# Where does mail to an address go?
# Uses your console session: no token to paste.
query ResolveAddress($address: String!) {
  resolveAddress(address: $address) {
    address
    kind
    status
    account { id displayName }
    group { id name }
    deliverTo
    trace { kind from to detail }
  }
}
`,
    variables: `{\n  "address": "someone@example.com"\n}`,
  },
  {
    query: `# The first page of your organization's accounts
# (an operator adds organizationId).
query ListAccounts($search: String) {
  accounts(first: 20, search: $search) {
    totalCount
    edges { node { id displayName profile status primaryAddress { unicodeAddress } } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    variables: `{\n  "search": null\n}`,
  },
  {
    query: `# Adds an alias on a verified domain of the
# organization (administrators).
mutation AddAlias($accountId: ID!, $address: String!) {
  addAlias(input: { accountId: $accountId, address: $address }) {
    alias { id unicodeAddress status }
    claim { id unicodeAddress expiresAt }
  }
}
`,
    variables: `{\n  "accountId": "<an account id from ListAccounts>",\n  "address": "new.alias@example.com"\n}`,
  },
];
