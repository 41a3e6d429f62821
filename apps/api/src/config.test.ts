import { ConfigError, loadConfig } from "./config";

describe("socketmap configuration", () => {
  it("listens on 127.0.0.1:4001 unless SOCKETMAP_HOST and SOCKETMAP_PORT say otherwise", () => {
    expect([loadConfig({}).socketmapHost, loadConfig({}).socketmapPort]).toEqual(["127.0.0.1", 4001]);
    const chosen = loadConfig({ SOCKETMAP_HOST: "10.0.0.5", SOCKETMAP_PORT: "9999" });
    expect([chosen.socketmapHost, chosen.socketmapPort]).toEqual(["10.0.0.5", 9999]);
    expect(loadConfig({ SOCKETMAP_PORT: "0" }).socketmapPort).toBe(0);
    expect(() => loadConfig({ SOCKETMAP_PORT: "smtp" })).toThrow(new ConfigError('SOCKETMAP_PORT must be a port number (got "smtp")'));
  });
});
