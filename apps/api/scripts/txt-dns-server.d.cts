export interface TxtDnsServerOptions {
  /** TXT values of a lower-cased name without trailing dot; null for NXDOMAIN. */
  lookup: (name: string) => string[] | null | Promise<string[] | null>;
  host?: string;
  port?: number;
  tcp?: boolean;
  ttl?: number;
  onAnswer?: (name: string, values: string[]) => void;
  onError?: (error: unknown) => void;
}

export interface TxtDnsServer {
  /** "host:port" of the UDP socket, the form DNS_SERVERS takes. */
  server: string;
  port: number;
  close(): Promise<void>;
}

export function startTxtDnsServer(options: TxtDnsServerOptions): Promise<TxtDnsServer>;
