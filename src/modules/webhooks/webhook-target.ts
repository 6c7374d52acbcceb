import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/*
 * The SSRF guard: a webhook's URL is typed by a tenant's admin and fetched by the server, so it
 * must not reach what only the server can reach (the database, the cloud's metadata service at
 * 169.254.169.254, an admin port on loopback, the office network). A target is refused when its
 * host is, or resolves to, any address outside the public internet, unless the operator allows the
 * host (WEBHOOK_ALLOWED_HOSTS). It is checked at registration and again at every delivery, on the
 * very addresses the connection then uses (see guardedLookup): a name that resolved to a public
 * address when registered and to a private one later (DNS rebinding) is refused then.
 */

// Two lists: BlockList matches an IPv4 address against IPv6 rules in its mapped form, so one list
// holding ::ffff:0:0/96 would refuse every IPv4 address.
const NOT_PUBLIC_V4 = new BlockList();
const NOT_PUBLIC_V6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC_V4.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback (::1), IPv4-compatible
  ['::ffff:0:0', 96], // IPv4-mapped: whatever the IPv4 address, refused in this form
  ['64:ff9b::', 96], // NAT64, which would reach an IPv4 address of its choosing
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4, which embeds an IPv4 address
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC_V6.addSubnet(network, prefix, 'ipv6');
}

/** Whether `address` (an IPv4 or IPv6 literal) is a public internet address; false for anything else. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !NOT_PUBLIC_V4.check(address, 'ipv4') : !NOT_PUBLIC_V6.check(address, 'ipv6');
}

/** The host of a URL as it is connected to: lower case, an IPv6 literal without its brackets. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/** Whether the operator allows `host` past the guard (WEBHOOK_ALLOWED_HOSTS). */
export function isAllowedHost(host: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.includes(host);
}

/** Why a target is refused, for the admin (BAD_USER_INPUT) or the delivery log. */
export class TargetRefused extends Error {
  override name = 'TargetRefused';
}

export type Resolve = (host: string) => Promise<readonly LookupAddress[]>;

/** Every address `host` resolves to, through the system resolver (as the connection's own lookup does). */
export const resolveAll: Resolve = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, family: 0 }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/**
 * Checks a target URL, resolving its host: http(s) only, no credentials in it, https in
 * production (the body names people and projects; the signature protects its integrity, not its
 * confidentiality), and a host that is, or resolves only to, public addresses. An allowed host
 * (WEBHOOK_ALLOWED_HOSTS) skips the address checks and may use http. Throws
 * {@link TargetRefused} saying why.
 */
export async function checkTarget(raw: string, options: { allowedHosts: readonly string[]; production: boolean; resolve?: Resolve }): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('url must be an absolute http(s) URL, such as https://example.org/hooks/partnership-hub');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetRefused('url must start with https:// (or http://)');
  if (url.username || url.password) throw new TargetRefused('url must not carry a user name or password: the signature authenticates each delivery');
  const host = hostOf(url);
  if (!host) throw new TargetRefused('url must name a host');
  if (isAllowedHost(host, options.allowedHosts)) return url;
  if (options.production && url.protocol !== 'https:') throw new TargetRefused('url must use https://');
  if (isIP(host)) {
    if (!isPublicAddress(host)) throw new TargetRefused(`url points at ${host}, which is not a public internet address`);
    return url;
  }
  let addresses: readonly LookupAddress[];
  try {
    addresses = await (options.resolve ?? resolveAll)(host);
  } catch {
    throw new TargetRefused(`${host} could not be resolved`);
  }
  if (addresses.length === 0) throw new TargetRefused(`${host} could not be resolved`);
  const blocked = addresses.find((address) => !isPublicAddress(address.address));
  if (blocked) throw new TargetRefused(`${host} resolves to ${blocked.address}, which is not a public internet address`);
  return url;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that resolves the host and hands the connection only addresses
 * the guard accepts: all of them must be public (as at registration), so the address connected to
 * is one that was checked, with no second resolution in between for a rebinding name to change.
 */
export function guardedLookup(resolve: Resolve = resolveAll) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
        const usable = addresses.filter((address) => family === 0 || address.family === family);
        const blocked = addresses.find((address) => !isPublicAddress(address.address));
        if (blocked) return callback(new TargetRefused(`${hostname} resolves to ${blocked.address}, which is not a public internet address`), []);
        if (usable.length === 0) return callback(Object.assign(new Error(`${hostname} could not be resolved`), { code: 'ENOTFOUND' }), []);
        if (options.all) return callback(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}
