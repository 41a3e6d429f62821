import { Card, Tab, TabList, TabPanel, Tabs } from "@postroom/ui";
import { getRouteApi, useRouteContext } from "@tanstack/react-router";
import type { PagingSearch } from "../../components/paging";
import { organizationScope } from "../app/viewer";
import { ApiKeysCard } from "./ApiKeysCard";
import type { IntegrationsTab } from "./route";
import { WebhookEndpointsCard } from "./WebhookEndpointsCard";
import "./integrations.css";

const route = getRouteApi("/_app/integrations");

export function IntegrationsPage() {
  const { viewer } = useRouteContext({ from: "/_app" });
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const organizationId = organizationScope(viewer, search.org);
  const tab: IntegrationsTab = search.tab ?? "keys";
  const paging: PagingSearch = { size: search.size, after: search.after, back: search.back };
  const page = (next: PagingSearch) => void navigate({ search: (prev) => ({ org: prev.org, tab: prev.tab, ...next }) });

  return (
    <div className="console-page">
      <h1 className="console-title">Integrations</h1>
      {organizationId ? (
        <Tabs
          selectedKey={tab}
          // Each tab has its own list and paging: switching starts at its first page.
          onSelectionChange={(key) => void navigate({ search: (prev) => ({ org: prev.org, ...(key === "webhooks" ? { tab: "webhooks" as const } : {}) }) })}
        >
          <TabList aria-label="Integrations">
            <Tab id="keys">API keys</Tab>
            <Tab id="webhooks">Webhooks</Tab>
          </TabList>
          <TabPanel id="keys">
            <ApiKeysCard organizationId={organizationId} paging={paging} onPage={page} />
          </TabPanel>
          <TabPanel id="webhooks">
            <WebhookEndpointsCard organizationId={organizationId} paging={paging} onPage={page} />
          </TabPanel>
        </Tabs>
      ) : (
        <Card title="Choose an organization">
          <p>API keys and webhook endpoints belong to one organization. Choose it in the Organization switcher at the top.</p>
        </Card>
      )}
    </div>
  );
}
