import { Tab as AriaTab, TabList as AriaTabList, TabPanel as AriaTabPanel, Tabs as AriaTabs } from "react-aria-components";
import type { TabListProps, TabPanelProps, TabProps, TabsProps } from "react-aria-components";

/** React Aria tabs: arrow keys move between tabs, each panel labelled by its tab. */
export function Tabs(props: Omit<TabsProps, "className">) {
  return <AriaTabs className="pr-tabs" {...props} />;
}

export function TabList<T extends object>(props: Omit<TabListProps<T>, "className">) {
  return <AriaTabList className="pr-tabs__list" {...props} />;
}

export function Tab(props: Omit<TabProps, "className">) {
  return <AriaTab className="pr-tabs__tab" {...props} />;
}

export function TabPanel(props: Omit<TabPanelProps, "className">) {
  return <AriaTabPanel className="pr-tabs__panel" {...props} />;
}
