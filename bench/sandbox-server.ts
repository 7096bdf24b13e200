// The sandbox as a child process of the benchmark. Options come as JSON in argv[2]; the URLs go out
// as the first JSON line on stdout. Afterwards each JSON line on stdin is a control request
// (`{ id, op, ... }`) answered by one JSON line `{ id, result }` or `{ id, error }` on stdout.
import { createInterface } from 'node:readline';
import { type RequestLogFilter, startSandbox } from '@bankkit/sandbox';

interface ControlRequest {
  id: number;
  op: 'advanceClock' | 'countRequests' | 'clearRequests' | 'churn' | 'countTransactions';
  ms?: number;
  filter?: RequestLogFilter;
  /** `churn`: rows to change, delete and add for the first Bridge user. */
  churn?: { update?: number; delete?: number; add?: number };
}

const sandbox = await startSandbox(JSON.parse(process.argv[2] ?? '{}'));
const { bridge, sparebank1 } = sandbox;
process.stdout.write(
  `${JSON.stringify({
    bridge: {
      baseUrl: bridge.baseUrl,
      clientId: bridge.clientId,
      clientSecret: bridge.clientSecret,
      users: bridge.users,
    },
    sparebank1: {
      baseUrl: sparebank1.baseUrl,
      authBaseUrl: sparebank1.authBaseUrl,
      clientId: sparebank1.clientId,
      clientSecret: sparebank1.clientSecret,
      redirectUris: sparebank1.redirectUris,
    },
  })}\n`,
);

function control(request: ControlRequest): unknown {
  switch (request.op) {
    case 'advanceClock':
      sandbox.clock.advance(request.ms ?? 0);
      return sandbox.clock.nowMs();
    case 'countRequests':
      return sandbox.requests.count(request.filter);
    case 'clearRequests':
      sandbox.requests.clear();
      return null;
    case 'countTransactions': {
      const user = bridge.users[0];
      if (!user) throw new Error('no Bridge user');
      return bridge.control.transactionCount(user.uuid, { includeDeleted: true });
    }
    case 'churn': {
      const user = bridge.users[0];
      if (!user) throw new Error('no Bridge user');
      const result = bridge.control.churnTransactions(user.uuid, request.churn ?? {});
      return result.updated.length + result.deleted.length + result.added.length;
    }
    default:
      throw new Error(`unknown control op ${JSON.stringify(request.op)}`);
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const request = JSON.parse(line) as ControlRequest;
  try {
    process.stdout.write(`${JSON.stringify({ id: request.id, result: control(request) })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ id: request.id, error: String(error) })}\n`);
  }
}
// stdin closed: the parent is gone or done with us.
await sandbox.close();
