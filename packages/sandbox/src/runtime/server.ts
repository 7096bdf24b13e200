import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import type { NodeListener } from './listener.js';

/** A listening sandbox server. */
export interface RunningServer {
  /** The node server. */
  server: Server;
  /** The port it listens on. */
  port: number;
  /** Its origin as clients must use it, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Stops listening and drops every open connection (keep-alive ones included). */
  close(): Promise<void>;
}

/**
 * The host part of the sandbox's URLs for a bind address: an IP literal (never `localhost`, which
 * some clients reject as a host without a TLD), bracketed for IPv6. Wildcard binds are advertised on
 * loopback.
 */
export function urlHost(bindHost: string): string {
  if (bindHost === '0.0.0.0') return '127.0.0.1';
  if (bindHost === '::') return '[::1]';
  return isIP(bindHost) === 6 ? `[${bindHost}]` : bindHost;
}

/** Resolves the `host` option: `localhost` is bound and advertised as `127.0.0.1`. */
export function bindHost(host: string): string {
  if (host === 'localhost') return '127.0.0.1';
  if (isIP(host) === 0 && !host.includes('.')) {
    throw new TypeError(
      `Sandbox: host must be an IP literal or a host name with a domain (clients reject TLD-less hosts), got ${host}.`,
    );
  }
  return host;
}

/** Starts one HTTP server for `listener` on `host`:`port` (0 = a free port). */
export function listen(listener: NodeListener, host: string, port: number): Promise<RunningServer> {
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    return Promise.reject(new RangeError(`Sandbox: port must be an integer in 0..65535, got ${port}.`));
  }
  const server = createServer((incoming, outgoing) => {
    void listener(incoming, outgoing);
  });
  // Connections the sandbox cut on purpose (faults) raise client errors; they are expected.
  server.on('clientError', (_error, socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve({
        server,
        port: address.port,
        origin: `http://${urlHost(host)}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
