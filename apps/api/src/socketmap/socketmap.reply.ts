/** One socketmap answer (socketmap_table(5) "REPLY FORMAT"). */
export type SocketmapReply = { status: "OK"; data: string } | { status: "NOTFOUND" } | { status: "TEMP" | "TIMEOUT" | "PERM"; reason: string };

export const NOTFOUND: SocketmapReply = { status: "NOTFOUND" };

export function ok(data: string): SocketmapReply {
  return { status: "OK", data };
}

export function temp(reason: string): SocketmapReply {
  return { status: "TEMP", reason };
}

export function perm(reason: string): SocketmapReply {
  return { status: "PERM", reason };
}

/** The reply's text as sent inside its netstring ("NOTFOUND " keeps its space, as the protocol writes it). */
export function replyText(reply: SocketmapReply): string {
  if (reply.status === "OK") return `OK ${reply.data}`;
  if (reply.status === "NOTFOUND") return "NOTFOUND ";
  return `${reply.status} ${reply.reason}`;
}
