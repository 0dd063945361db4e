/**
 * The copies of what a member opened, kept by the service worker in OFFLINE_CACHE for reading
 * offline (see routing.ts for which requests), and read back by 离线 (OfflineView.vue).
 *
 * Whose copies: each copy records a SHA-256 digest of the ``Authorization`` header that fetched
 * it (``""`` for requests without one: the public v2 API and images), and a copy is answered only
 * to a request with the same header. A member who signs in again, or another member on the same
 * phone, never sees copies fetched with an earlier token, even where sign-out could not delete
 * them (a session that expired instead); signOut() (signout.ts) deletes the whole cache.
 *
 * The cache keeps the last OFFLINE_CACHE_LIMIT copies saved: saving puts a copy last, and the
 * oldest beyond the limit are deleted.
 */

/** The header on an answer from a saved copy, the one definition: the worker sets it, and
 * api/client.ts (``callWithOffline``) and content/v2.ts read it. */
export const OFFLINE_COPY_HEADER = "X-Offline-Copy";
/** Whose copy it is (a digest of the Authorization header), kept with the copy only. */
const OWNER_HEADER = "X-Offline-Owner";
/** When the copy was saved (ISO 8601), kept with the copy and shown on 离线. */
export const SAVED_AT_HEADER = "X-Offline-Saved-At";

/** How many copies are kept (answers and images together). */
export const OFFLINE_CACHE_LIMIT = 100;

/** The part of Cache the copies need (a fake in the tests). */
export type CopyStore = Pick<Cache, "match" | "put" | "delete" | "keys">;

/** Whose copies a request may read: a digest of its Authorization header, "" without one. */
export async function ownerOf(authorization: string | null): Promise<string> {
  if (!authorization) return "";
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(authorization));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Keep a copy of a successful answer, last in the cache, and delete the oldest beyond the
 * limit. */
export async function saveCopy(
  store: CopyStore,
  key: string,
  response: Response,
  owner: string,
  { now = new Date(), limit = OFFLINE_CACHE_LIMIT }: { now?: Date; limit?: number } = {},
): Promise<void> {
  const headers = new Headers(response.headers);
  // Matched by address only, whatever the answer says it varies by.
  headers.delete("Vary");
  headers.set(OWNER_HEADER, owner);
  headers.set(SAVED_AT_HEADER, now.toISOString());
  const body = await response.arrayBuffer();
  await store.delete(key);
  await store.put(key, new Response(body, { status: response.status, statusText: response.statusText, headers }));
  await trimCopies(store, limit);
}

/** Delete the oldest copies beyond ``limit`` (the cache lists its entries oldest first). */
export async function trimCopies(store: CopyStore, limit = OFFLINE_CACHE_LIMIT): Promise<number> {
  const keys = await store.keys();
  const excess = keys.slice(0, Math.max(0, keys.length - limit));
  for (const key of excess) await store.delete(key);
  return excess.length;
}

/** The saved copy of ``key`` for ``owner``, marked ``X-Offline-Copy: 1``; none if there is no
 * copy or it was fetched with another token. */
export async function savedCopy(store: CopyStore, key: string, owner: string): Promise<Response | undefined> {
  const saved = await store.match(key, { ignoreVary: true });
  if (!saved || (saved.headers.get(OWNER_HEADER) ?? "") !== owner) return undefined;
  const headers = new Headers(saved.headers);
  headers.delete(OWNER_HEADER);
  headers.set(OFFLINE_COPY_HEADER, "1");
  return new Response(await saved.arrayBuffer(), { status: saved.status, statusText: saved.statusText, headers });
}

/** Delete the copy of ``key`` (the member may no longer read it). */
export async function forgetCopy(store: CopyStore, key: string): Promise<void> {
  await store.delete(key);
}

/** A notice or an article saved for reading offline, as 离线 lists it. */
export interface SavedItem {
  kind: "notice" | "org-page" | "article";
  id: number;
  title: string;
  /** The app's route that shows it. */
  route: string;
  savedAt: Date | null;
}

const SAVED_KINDS: readonly { kind: SavedItem["kind"]; pattern: RegExp; route: string }[] = [
  { kind: "notice", pattern: /^\/api\/app\/notices\/(\d+)\/?$/, route: "/notices/" },
  { kind: "org-page", pattern: /^\/api\/app\/content\/pages\/(\d+)\/?$/, route: "/org-pages/" },
  { kind: "article", pattern: /^\/api\/v2\/pages\/(\d+)\/?$/, route: "/articles/" },
];

/** Which saved screen an address is, if it is one (images are not listed). */
export function savedKindOf(url: string): Pick<SavedItem, "kind" | "id" | "route"> | null {
  const path = new URL(url).pathname;
  for (const { kind, pattern, route } of SAVED_KINDS) {
    const match = pattern.exec(path);
    if (match) return { kind, id: Number(match[1]), route: `${route}${match[1]}` };
  }
  return null;
}

/** The notices and articles saved for ``owner``, the latest saved first. */
export async function savedItems(store: CopyStore, owner: string): Promise<SavedItem[]> {
  const items: SavedItem[] = [];
  const seen = new Set<string>();
  for (const request of [...(await store.keys())].reverse()) {
    const found = savedKindOf(request.url);
    if (!found || seen.has(found.route)) continue;
    const response = await store.match(request, { ignoreVary: true });
    if (!response || (response.headers.get(OWNER_HEADER) ?? "") !== owner) continue;
    let title = "";
    try {
      const data: unknown = await response.json();
      if (data && typeof data === "object" && "title" in data && typeof data.title === "string") title = data.title;
    } catch {
      continue;
    }
    const savedAt = response.headers.get(SAVED_AT_HEADER);
    seen.add(found.route);
    items.push({ ...found, title: title || "（无标题）", savedAt: savedAt ? new Date(savedAt) : null });
  }
  return items;
}
