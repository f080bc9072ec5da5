import * as z from 'zod/mini';

/** Twilio's list envelope `meta`. Page URLs are absolute production URLs; we only ever read their PageToken. */
export const listMetaSchema = z.object({
  page: z.int(),
  page_size: z.int(),
  first_page_url: z.nullish(z.string()),
  previous_page_url: z.nullable(z.string()),
  next_page_url: z.nullable(z.string()),
  url: z.nullish(z.string()),
  key: z.string(),
});

export type ListMeta = z.infer<typeof listMetaSchema>;

export function listEnvelope<Key extends string, Item extends z.core.SomeType>(key: Key, item: Item) {
  return z.object({ [key]: z.array(item), meta: listMetaSchema } as { [K in Key]: z.ZodMiniArray<Item> } & {
    meta: typeof listMetaSchema;
  });
}

/**
 * The PageToken of a page URL Twilio gave us. Tokens are opaque: we never build one, only carry it back.
 * A URL without a token (Twilio's first page) maps to null, which means "the first page" to our callers.
 */
export function pageTokenFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url, 'https://api.twilio.invalid').searchParams.get('PageToken');
  } catch {
    return null;
  }
}

/** Cursor position of one page: rows plus what Twilio says about its neighbours. There is never a total. */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  nextToken: string | null;
  previousToken: string | null;
}

export function pageInfoFromMeta(meta: ListMeta): PageInfo {
  return {
    hasNextPage: meta.next_page_url !== null,
    hasPreviousPage: meta.previous_page_url !== null,
    nextToken: pageTokenFromUrl(meta.next_page_url),
    previousToken: pageTokenFromUrl(meta.previous_page_url),
  };
}
