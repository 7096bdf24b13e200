export { MemoryPacingStore, pacesByDefault, sharedPacingStore } from './memory-pacing-store.js';
export type { PacingClaim, PacingDecision, PacingLease, PacingStore } from './pacing-store.js';
export {
  type PacedAttempt,
  type PacingWait,
  RequestPacer,
  type RequestPacerOptions,
  type RequestPacing,
} from './request-pacer.js';
