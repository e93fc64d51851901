// The client IP SFTPGo sees (internal/httpd/middleware.go `parseHeaders`, util.GetRealIP): the
// peer's address, unless the peer is an allowed proxy and its header names another.
import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { SftpgoProxyConfig } from './config.js';

/** Requests answered without a socket (`sandbox.handle`, MSW) come from the local host. */
const NO_SOCKET_ADDRESS = '127.0.0.1';

/** An IPv4 peer of a dual-stack socket is `::ffff:a.b.c.d`; SFTPGo sees `a.b.c.d`. */
const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/** Whether `ip` is one of `entries` (IP addresses or CIDR networks, checked beforehand). */
export function inNetworks(ip: string, entries: readonly string[]): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The header's address `depth` places from the right, all its values joined as one list;
 * none when the header is missing, too short, or that entry is not an IP.
 */
function headerAddress(headers: IncomingHttpHeaders, name: string, depth: number): string | undefined {
  const raw = headers[name.toLowerCase()];
  if (raw === undefined) return undefined;
  const addresses = (Array.isArray(raw) ? raw : [raw]).flatMap((value) =>
    value.split(',').map((a) => a.trim()),
  );
  const candidate = addresses[addresses.length - 1 - depth];
  return candidate !== undefined && isIP(candidate) !== 0 ? candidate : undefined;
}

/** The client IP an allowed proxy's header tells, if any. */
function proxied(peer: string, headers: IncomingHttpHeaders, proxy: SftpgoProxyConfig): string | undefined {
  if (proxy.clientIpHeader === '' || !inNetworks(peer, proxy.allowed)) return undefined;
  return headerAddress(headers, proxy.clientIpHeader, proxy.headerDepth);
}

/** The IP address SFTPGo would bind a token to and keep defender scores for. */
export function clientIpOf(
  remoteAddress: string | undefined,
  headers: IncomingHttpHeaders,
  proxy: SftpgoProxyConfig,
): string {
  const peer = unmapped(remoteAddress ?? NO_SOCKET_ADDRESS);
  return proxied(peer, headers, proxy) ?? peer;
}

/**
 * Go's `r.RemoteAddr` as SFTPGo's handlers see it, which its refusal texts quote: the peer's
 * `host:port`, or the client IP alone once `checkConnection` replaced it with a proxy's header.
 */
export function remoteAddrOf(
  remoteAddress: string | undefined,
  remotePort: number | undefined,
  headers: IncomingHttpHeaders,
  proxy: SftpgoProxyConfig,
): string {
  const peer = unmapped(remoteAddress ?? NO_SOCKET_ADDRESS);
  const forwarded = proxied(peer, headers, proxy);
  if (forwarded !== undefined) return forwarded;
  if (remotePort === undefined) return peer;
  return isIP(peer) === 6 ? `[${peer}]:${remotePort}` : `${peer}:${remotePort}`;
}
