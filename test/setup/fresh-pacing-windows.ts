// Every test starts with empty rate-limit windows, as a fresh process would: clients pace their
// requests by default (core's process-wide store, shared by every client of an app), and without
// this the requests of earlier tests in the same file would make later ones wait for a slot.
import { sharedPacingStore } from '@bankkit/core';
import { beforeEach } from 'vitest';

beforeEach(() => {
  sharedPacingStore().clear();
});
