/** How to reach a sandbox: what `startSandbox` returns, minus its controls, so it can be saved to disk. */
export interface SandboxEndpoints {
  bridge: {
    baseUrl: string;
    clientId: string;
    clientSecret: string;
    users: Array<{ email: string; password: string; uuid: string }>;
  };
  sparebank1: {
    baseUrl: string;
    authBaseUrl: string;
    clientId: string;
    clientSecret: string;
    /** Redirect URIs registered for the sandbox client; any loopback port is accepted with their paths. */
    redirectUris: string[];
  };
}

/** The discovery file `bankkit sandbox` writes: who runs the sandbox and how to reach it. */
export interface SandboxDiscovery extends SandboxEndpoints {
  /** The process serving the sandbox; the file is stale once it is gone. */
  pid: number;
  startedAt: string;
}

/** Picks the endpoint fields out of a started sandbox (or anything shaped like one). */
export function sandboxEndpoints(sandbox: SandboxEndpoints): SandboxEndpoints {
  const { bridge, sparebank1 } = sandbox;
  return {
    bridge: {
      baseUrl: bridge.baseUrl,
      clientId: bridge.clientId,
      clientSecret: bridge.clientSecret,
      users: bridge.users.map(({ email, password, uuid }) => ({ email, password, uuid })),
    },
    sparebank1: {
      baseUrl: sparebank1.baseUrl,
      authBaseUrl: sparebank1.authBaseUrl,
      clientId: sparebank1.clientId,
      clientSecret: sparebank1.clientSecret,
      redirectUris: [...sparebank1.redirectUris],
    },
  };
}
