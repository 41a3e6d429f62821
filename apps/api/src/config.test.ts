import { ConfigError, loadConfig } from "./config";

describe("configuration", () => {
  it("keeps the SQLite route table on unless ROUTE_TABLE turns it off", () => {
    expect(loadConfig({}).routeTable).toBe(true);
    for (const on of ["on", "true", "1", " ON "]) expect(loadConfig({ ROUTE_TABLE: on }).routeTable).toBe(true);
    for (const off of ["off", "false", "0", "Off"]) expect(loadConfig({ ROUTE_TABLE: off }).routeTable).toBe(false);
    expect(() => loadConfig({ ROUTE_TABLE: "sometimes" })).toThrow(new ConfigError('ROUTE_TABLE must be on or off (got "sometimes")'));
  });
});

describe("socketmap configuration", () => {
  it("listens on 127.0.0.1:4001 unless SOCKETMAP_HOST and SOCKETMAP_PORT say otherwise", () => {
    expect([loadConfig({}).socketmapHost, loadConfig({}).socketmapPort]).toEqual(["127.0.0.1", 4001]);
    const chosen = loadConfig({ SOCKETMAP_HOST: "10.0.0.5", SOCKETMAP_PORT: "9999" });
    expect([chosen.socketmapHost, chosen.socketmapPort]).toEqual(["10.0.0.5", 9999]);
    expect(loadConfig({ SOCKETMAP_PORT: "0" }).socketmapPort).toBe(0);
    expect(() => loadConfig({ SOCKETMAP_PORT: "smtp" })).toThrow(new ConfigError('SOCKETMAP_PORT must be a port number (got "smtp")'));
  });
});
