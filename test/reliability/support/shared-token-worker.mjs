// One "process" of the shared-token-file scenario (issue 10, item 1), run with the built packages.
// Commands on stdin, one per line (JSON): {"start": config} starts `callers` loops of listAccounts on
// a fresh client over the shared FileTokenStore; {"phase": n} asks for a report once every caller
// has completed `callsPerPhase` calls (successful or not) begun after it; {"stop": true} stops the loops and
// reports the trial's tally. Reports go to stdout, one JSON line each.
import { createInterface } from 'node:readline';

const [sparebank1Url, coreUrl] = process.argv.slice(2);
const { SpareBank1Client } = await import(sparebank1Url);
const { FileTokenStore } = await import(coreUrl);

/**
 * A token file on a slow disk: each read's result arrives up to 3 ms after it was read, so a read
 * that began before another caller's or process's write ends after it (the window the defect
 * needs, widened so that a bounded number of trials finds it).
 */
class SlowReadStore extends FileTokenStore {
  async get(key) {
    const tokens = await super.get(key);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    return tokens;
  }
}

let trial;
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

function startTrial(config) {
  const client = new SpareBank1Client({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri: config.redirectUri,
    baseUrl: config.baseUrl,
    authBaseUrl: config.authBaseUrl,
    tokenStore: config.slowReads ? new SlowReadStore(config.path) : new FileTokenStore(config.path),
    retry: false,
  });
  const state = {
    running: true,
    ok: 0,
    failed: 0,
    errors: [],
    phase: 0,
    since: [],
    waiting: undefined,
    loops: [],
  };
  const checkPhase = () => {
    if (state.waiting === undefined) return;
    if (state.since.every((count) => count >= config.callsPerPhase)) {
      send({ phaseDone: state.waiting });
      state.waiting = undefined;
    }
  };
  for (let caller = 0; caller < config.callers; caller++) {
    state.since.push(0);
    state.loops.push(
      (async () => {
        while (state.running) {
          const phase = state.phase;
          try {
            await client.listAccounts();
            state.ok++;
          } catch (error) {
            state.failed++;
            if (state.errors.length < 5) state.errors.push(`${error?.name}: ${error?.message}`);
          }
          // Completed calls, failed ones included: a phase ends even when every call fails.
          if (phase === state.phase) state.since[caller]++;
          checkPhase();
        }
      })(),
    );
  }
  return { state, checkPhase };
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const command = JSON.parse(line);
  if (command.start) {
    trial = startTrial(command.start);
    send({ started: true });
  } else if (command.phase !== undefined) {
    trial.state.phase = command.phase;
    trial.state.since = trial.state.since.map(() => 0);
    trial.state.waiting = command.phase;
    trial.checkPhase();
  } else if (command.stop) {
    trial.state.running = false;
    await Promise.all(trial.state.loops);
    send({ tally: { ok: trial.state.ok, failed: trial.state.failed, errors: trial.state.errors } });
  } else if (command.exit) {
    process.exit(0);
  }
}
