// A bare node:http server in a child process: every request gets the same status, headers and body
// (argv[2] as JSON), the floor the sandbox is compared with. Prints its URL as the first line.
import { once } from 'node:events';
import { createServer } from 'node:http';

const { status, headers, body } = JSON.parse(process.argv[2] ?? '{}') as {
  status: number;
  headers: Record<string, string>;
  body: string;
};
const payload = Buffer.from(body);
const server = createServer((request, response) => {
  request.resume();
  response.writeHead(status, { ...headers, 'content-length': String(payload.byteLength) });
  response.end(payload);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('no port');
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
process.stdin.resume();
process.stdin.on('end', () => server.close());
process.on('SIGTERM', () => process.exit(0));
