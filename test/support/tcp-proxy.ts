import net from 'node:net';

/**
 * A TCP proxy a test can cut, slow down, hang and restore, standing between a server and
 * PostgreSQL: Toxiproxy's reset_peer, latency and timeout toxics, in process.
 */
export interface TcpProxy {
  /** `url` with its host and port replaced by the proxy's. */
  proxiedUrl(url: string): string;
  /** Resets every open connection and refuses new ones (as a crashed or unreachable server does). */
  cut(): void;
  /** Holds every chunk of data, in each direction, `ms` longer before passing it on, in order. */
  latency(ms: number): void;
  /**
   * Passes nothing on any more, in either direction, and accepts new connections without reaching
   * the server: every connection stays open and silent, so only a client-side deadline ends a
   * query. The network forgets the connections open meanwhile (as a NAT or firewall that lost its
   * state does): they stay silent after {@link TcpProxy.restore}, until one of their ends closes.
   */
  hang(): void;
  /** Lifts every fault: new connections are accepted and forwarded again, at full speed. */
  restore(): void;
  close(): Promise<void>;
}

interface Link {
  client: net.Socket;
  upstream?: net.Socket;
  hung: boolean;
  timers: Set<NodeJS.Timeout>;
}

/**
 * Copies `from` to `to`, each chunk held `delayMs()` at the moment it arrives and never passing
 * the one before it; nothing while the link is hung (those bytes are lost, as on a dead route).
 */
function forward(link: Link, from: net.Socket, to: net.Socket, delayMs: () => number): void {
  const queue: { due: number; chunk: Buffer }[] = [];
  const flush = () => {
    while (queue.length > 0 && queue[0]!.due <= performance.now()) {
      if (!to.write(queue.shift()!.chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    }
    if (queue.length > 0) {
      const timer = setTimeout(() => {
        link.timers.delete(timer);
        flush();
      }, queue[0]!.due - performance.now());
      link.timers.add(timer);
    }
  };
  from.on('data', (chunk: Buffer) => {
    if (link.hung) return;
    const last = queue.at(-1)?.due ?? 0;
    queue.push({ due: Math.max(performance.now() + delayMs(), last), chunk });
    if (queue.length === 1) flush();
  });
}

/** Listens on 127.0.0.1 (a free port) and forwards each connection to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const links = new Set<Link>();
  let refusing = false;
  let hanging = false;
  let latencyMs = 0;
  const drop = (link: Link) => {
    links.delete(link);
    for (const timer of link.timers) clearTimeout(timer);
    link.client.destroy();
    link.upstream?.destroy();
  };
  const server = net.createServer((client) => {
    if (refusing) return void client.resetAndDestroy();
    const link: Link = { client, hung: hanging, timers: new Set() };
    links.add(link);
    client.on('error', () => drop(link)).on('close', () => drop(link));
    if (link.hung) {
      // Read and discard, so the client's writes do not back up and it notices nothing.
      client.on('data', () => undefined);
      return;
    }
    const upstream = net.connect(target.port, target.host);
    link.upstream = upstream;
    upstream.on('error', () => drop(link)).on('close', () => drop(link));
    forward(link, client, upstream, () => latencyMs);
    forward(link, upstream, client, () => latencyMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const proxy: TcpProxy = {
    proxiedUrl(url) {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(port);
      return proxied.toString();
    },
    cut() {
      refusing = true;
      for (const link of links) {
        link.client.resetAndDestroy();
        link.upstream?.resetAndDestroy();
        drop(link);
      }
    },
    latency(ms) {
      latencyMs = ms;
    },
    hang() {
      hanging = true;
      for (const link of links) {
        link.hung = true;
        for (const timer of link.timers) clearTimeout(timer);
      }
    },
    restore() {
      refusing = false;
      hanging = false;
      latencyMs = 0;
    },
    async close() {
      proxy.cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

/**
 * A proxy in front of `database` (its host and port), and the url that reaches the database
 * through it: the server under test gets the proxied url, the test keeps the direct one. When the
 * suite runs through a pooler, LISTEN goes straight to PostgreSQL (`listenUrl`), through a second
 * proxy that every fault reaches as well: the link to both breaks as one.
 */
export async function proxyTo(database: { url: string; listenUrl?: string }): Promise<{ proxy: TcpProxy; url: string; listenUrl?: string }> {
  const single = async (url: string) => {
    const target = new URL(url);
    return startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  };
  const proxy = await single(database.url);
  const url = proxy.proxiedUrl(database.url);
  if (!database.listenUrl || new URL(database.listenUrl).host === new URL(database.url).host) return { proxy, url };
  const listening = await single(database.listenUrl);
  const both: TcpProxy = {
    proxiedUrl: (given) => proxy.proxiedUrl(given),
    cut: () => [proxy, listening].forEach((p) => p.cut()),
    latency: (ms) => [proxy, listening].forEach((p) => p.latency(ms)),
    hang: () => [proxy, listening].forEach((p) => p.hang()),
    restore: () => [proxy, listening].forEach((p) => p.restore()),
    close: () => Promise.all([proxy.close(), listening.close()]).then(() => undefined),
  };
  return { proxy: both, url, listenUrl: listening.proxiedUrl(database.listenUrl) };
}
