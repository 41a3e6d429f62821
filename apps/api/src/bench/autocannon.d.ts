declare module "autocannon" {
  namespace autocannon {
    interface Histogram {
      average: number;
      mean: number;
      p50: number;
      p99: number;
    }
    interface Result {
      requests: Histogram;
      latency: Histogram;
      non2xx: number;
      errors: number;
      timeouts: number;
    }
    interface RequestSpec {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (req: RequestSpec) => RequestSpec;
    }
    interface Options extends RequestSpec {
      url: string;
      connections?: number;
      duration?: number;
      pipelining?: number;
      /** Seconds before a request counts as an error (default 10). */
      timeout?: number;
      requests?: RequestSpec[];
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
