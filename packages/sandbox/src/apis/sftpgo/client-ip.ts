// The client IP SFTPGo sees (internal/httpd/middleware.go `parseHeaders`, util.GetRealIP): the
// peer's address, unless the peer is an allowed proxy and its header names another.
import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { SftpgoProxyConfig } from './config.js';

/** Requests answered without a socket (`sandbox.handle`, MSW) come from the local host. */
const NO_SOCKET_ADDRESS = '127.0.0.1';

/** An IPv4 peer of a dual-stack socket is `::ffff:a.b.c.d`; SFTPGo sees `a.b.c.d`. */
const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

function isAllowedProxy(peer: string, allowed: readonly string[]): boolean {
  const family = isIP(peer);
  if (family === 0) return false;
  const list = new BlockList();
  for (const entry of allowed) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list.check(peer, family === 6 ? 'ipv6' : 'ipv4');
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

/** The IP address SFTPGo would bind a token to and keep defender scores for. */
export function clientIpOf(
  remoteAddress: string | undefined,
  headers: IncomingHttpHeaders,
  proxy: SftpgoProxyConfig,
): string {
  const peer = unmapped(remoteAddress ?? NO_SOCKET_ADDRESS);
  if (proxy.clientIpHeader === '' || !isAllowedProxy(peer, proxy.allowed)) return peer;
  return headerAddress(headers, proxy.clientIpHeader, proxy.headerDepth) ?? peer;
}
