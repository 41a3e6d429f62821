import { ConfigError, loadConfig } from "./config";

describe("configuration", () => {
  it("keeps the SQLite route table on unless ROUTE_TABLE turns it off", () => {
    expect(loadConfig({}).routeTable).toBe(true);
    for (const on of ["on", "true", "1", " ON "]) expect(loadConfig({ ROUTE_TABLE: on }).routeTable).toBe(true);
    for (const off of ["off", "false", "0", "Off"]) expect(loadConfig({ ROUTE_TABLE: off }).routeTable).toBe(false);
    expect(() => loadConfig({ ROUTE_TABLE: "sometimes" })).toThrow(new ConfigError('ROUTE_TABLE must be on or off (got "sometimes")'));
  });
});
