import { placeholder } from '@bankkit/core';
import { expect, test } from 'vitest';

test('resolves source', () => {
  expect(placeholder).toBe(1);
  expect(process.versions.node.startsWith('24')).toBe(true);
});
