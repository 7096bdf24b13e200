import { z } from 'zod';

/**
 * A Bridge Connect session: `redirect_url` is the Bridge-hosted page to send the end user to.
 * Any URL parses, `http://localhost:8080/...` included (bridgeapi rejected hosts without a TLD).
 */
export const connectUrlSchema = z.looseObject({
  redirect_url: z.string(),
});

/** `{ redirect_url }` of a Bridge Connect session. */
export type BridgeConnectUrl = z.infer<typeof connectUrlSchema>;
