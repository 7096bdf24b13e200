import { z } from 'zod';
import { numericId } from './common.js';

/** A category (`GET /v2/categories/{id}`). Names follow `Accept-Language`. */
export const categorySchema = z.looseObject({
  id: numericId,
  name: z.string(),
  parent_id: numericId.nullish(),
});

/** A sub-category inside a {@link parentCategorySchema}. */
export const subCategorySchema = z.looseObject({
  id: numericId,
  name: z.string(),
});

/** A parent category with its children (items of `GET /v2/categories`). */
export const parentCategorySchema = z.looseObject({
  id: numericId,
  name: z.string(),
  categories: z.array(subCategorySchema),
});

/** A category, as Bridge sends it. */
export type BridgeCategory = z.infer<typeof categorySchema>;
/** A sub-category of a parent category. */
export type BridgeSubCategory = z.infer<typeof subCategorySchema>;
/** A parent category with its children. */
export type BridgeParentCategory = z.infer<typeof parentCategorySchema>;
