import net from 'node:net';

/** What a {@link RawServer} writes back to one request: the bytes, exactly as given. */
export type RawAnswer = (request: { method: string; path: string; index: number }) => string | Buffer;

/** A loopback TCP server that answers each HTTP request with raw bytes, so status lines fetch itself would refuse can be sent. */
export interface RawServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request seen, as `METHOD path`. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * Starts a server that reads one request head per connection and writes `answer(...)` back, then
 * closes the connection. Bodies of requests are read up to their `Content-Length` first.
 */
export async function startRawServer(answer: RawAnswer): Promise<RawServer> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = buffered.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.byteLength < end + 4 + length) return;
      socket.off('data', onData);
      const [method = '', path = ''] = head.split(' ');
      const index = requests.length;
      requests.push(`${method} ${path}`);
      socket.end(answer({ method, path, index }));
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A complete HTTP/1.1 answer with the given status line and JSON body. */
export function rawAnswer(statusLine: string, body = '{}', contentType = 'application/json'): string {
  return (
    `HTTP/1.1 ${statusLine}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `Connection: close\r\n\r\n${body}`
  );
}
