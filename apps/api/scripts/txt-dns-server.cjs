// A TXT-only DNS server on dns2, shared by `npm run dev-dns` (scripts/dev-dns.mjs),
// the API tests (test/support/dns-server.ts) and the console tests
// (apps/admin/test/console.test.mjs), so the protocol is handled once, by dns2.
// Not part of the product (it never ships in dist/).
const dns2 = require("dns2");

const { Packet } = dns2;

/** DNS character-strings are at most 255 bytes: longer TXT values go out as several, which resolvers join. */
function characterStrings(value) {
  const bytes = Buffer.from(value, "utf8");
  const chunks = [];
  for (let i = 0; i === 0 || i < bytes.length; i += 255) chunks.push(bytes.subarray(i, i + 255));
  return chunks;
}

/**
 * Starts answering TXT queries with `lookup(name)` (the lower-cased name without
 * its trailing dot): null is NXDOMAIN, a list the name's TXT records (none for
 * other query types); a lookup that throws is SERVFAIL, reported to `onError`.
 */
async function startTxtDnsServer({ lookup, host = "127.0.0.1", port = 0, tcp = false, ttl = 60, onAnswer, onError }) {
  const server = dns2.createServer({
    udp: true,
    tcp,
    handle: async (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question?.name?.toLowerCase().replace(/\.$/, "") ?? "";
      try {
        const values = name ? await lookup(name) : null;
        if (values === null) response.header.rcode = Packet.RCODE.NXDOMAIN;
        else if (question.type === Packet.TYPE.TXT) {
          for (const value of values)
            response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl, data: characterStrings(value) });
          onAnswer?.(name, values);
        }
      } catch (error) {
        response.header.rcode = Packet.RCODE.SERVFAIL;
        onError?.(error);
      }
      send(response);
    },
  });
  const listening = new Promise((resolve, reject) => {
    server.once("error", reject);
    server
      .listen(tcp ? { udp: { port, address: host, type: "udp4" }, tcp: { port, address: host } } : { udp: { port, address: host, type: "udp4" } })
      .then(resolve, reject);
  });
  const addresses = await listening;
  return {
    /** "host:port" of the UDP socket, the form DNS_SERVERS takes. */
    server: `${host}:${addresses.udp.port}`,
    port: addresses.udp.port,
    close: () => server.close(),
  };
}

module.exports = { startTxtDnsServer };
