// @vitest-environment node
import { describe, expect, it } from "vitest";

import {
  type CopyStore,
  OFFLINE_CACHE_LIMIT,
  SAVED_AT_HEADER,
  ownerOf,
  saveCopy,
  savedCopy,
  savedItems,
  savedKindOf,
  trimCopies,
} from "@/pwa/offline-copies";

/** A Cache in memory: entries in the order they were put, a put replacing and moving last. */
class MemoryCache implements CopyStore {
  entries = new Map<string, Response>();

  async match(request: RequestInfo | URL): Promise<Response | undefined> {
    const stored = this.entries.get(keyOf(request));
    return stored?.clone();
  }

  async put(request: RequestInfo | URL, response: Response): Promise<void> {
    this.entries.delete(keyOf(request));
    this.entries.set(keyOf(request), response);
  }

  async delete(request: RequestInfo | URL): Promise<boolean> {
    return this.entries.delete(keyOf(request));
  }

  async keys(): Promise<readonly Request[]> {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
}

function keyOf(request: RequestInfo | URL): string {
  return typeof request === "string" ? request : request instanceof URL ? request.href : request.url;
}

const base = "https://dj.example.cn";
const json = (data: unknown) =>
  new Response(JSON.stringify(data), {
    status: 200,
    headers: { "Content-Type": "application/json", "Cache-Control": "private, no-store", Vary: "Authorization" },
  });

describe("copies for reading offline", () => {
  it("answers a saved copy marked X-Offline-Copy to the same token only", async () => {
    const store = new MemoryCache();
    const mine = await ownerOf("Bearer token-a");
    await saveCopy(store, `${base}/api/app/notices/1`, json({ id: 1, title: "通知" }), mine);

    const copy = await savedCopy(store, `${base}/api/app/notices/1`, mine);
    expect(copy?.headers.get("X-Offline-Copy")).toBe("1");
    expect(copy?.headers.get("X-Offline-Owner")).toBeNull();
    expect(copy?.headers.get("Content-Type")).toBe("application/json");
    expect(await copy?.json()).toEqual({ id: 1, title: "通知" });

    expect(await savedCopy(store, `${base}/api/app/notices/1`, await ownerOf("Bearer token-b"))).toBeUndefined();
    expect(await savedCopy(store, `${base}/api/app/notices/1`, await ownerOf(null))).toBeUndefined();
    expect(await savedCopy(store, `${base}/api/app/notices/2`, mine)).toBeUndefined();
  });

  it("answers images saved without a token to requests without one", async () => {
    const store = new MemoryCache();
    const image = new Response(new Uint8Array([1, 2, 3]), { headers: { "Content-Type": "image/png" } });
    await saveCopy(store, `${base}/media/images/a.png`, image, await ownerOf(null));
    const copy = await savedCopy(store, `${base}/media/images/a.png`, "");
    expect(new Uint8Array(await copy!.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("owners are digests, not tokens", async () => {
    const owner = await ownerOf("Bearer secret-token");
    expect(owner).toMatch(/^[0-9a-f]{64}$/);
    expect(owner).not.toContain("secret");
    expect(await ownerOf("")).toBe("");
  });

  it("keeps the last copies saved, up to the limit", async () => {
    const store = new MemoryCache();
    for (let id = 1; id <= 5; id++) {
      await saveCopy(store, `${base}/api/app/notices/${id}`, json({ id, title: `第${id}条` }), "", { limit: 3 });
    }
    expect([...store.entries.keys()]).toEqual([3, 4, 5].map((id) => `${base}/api/app/notices/${id}`));

    // Saving again makes a copy the newest.
    await saveCopy(store, `${base}/api/app/notices/3`, json({ id: 3, title: "第3条" }), "", { limit: 3 });
    await saveCopy(store, `${base}/api/app/notices/6`, json({ id: 6, title: "第6条" }), "", { limit: 3 });
    expect([...store.entries.keys()]).toEqual([5, 3, 6].map((id) => `${base}/api/app/notices/${id}`));
  });

  it("bounds the cache to OFFLINE_CACHE_LIMIT by default", async () => {
    const store = new MemoryCache();
    for (let id = 1; id <= OFFLINE_CACHE_LIMIT + 5; id++) store.entries.set(`${base}/media/${id}.jpg`, new Response(""));
    expect(await trimCopies(store)).toBe(5);
    expect(store.entries.size).toBe(OFFLINE_CACHE_LIMIT);
    expect(store.entries.has(`${base}/media/1.jpg`)).toBe(false);
    expect(store.entries.has(`${base}/media/6.jpg`)).toBe(true);
  });

  it("lists the member's saved notices and articles, the latest first", async () => {
    const store = new MemoryCache();
    const mine = await ownerOf("Bearer token-a");
    const now = new Date("2026-03-01T08:30:00Z");
    await saveCopy(store, `${base}/api/app/notices/4`, json({ id: 4, title: "关于开展主题党日的通知" }), mine, { now });
    await saveCopy(store, `${base}/media/images/a.png`, new Response("png"), "");
    await saveCopy(store, `${base}/api/v2/pages/9/`, json({ id: 9, title: "学习文章" }), mine);
    await saveCopy(store, `${base}/api/app/content/pages/5`, json({ id: 5, title: "别人的" }), await ownerOf("Bearer b"));

    const items = await savedItems(store, mine);
    expect(items.map((item) => [item.kind, item.route, item.title])).toEqual([
      ["article", "/articles/9", "学习文章"],
      ["notice", "/notices/4", "关于开展主题党日的通知"],
    ]);
    expect(items[1].savedAt?.toISOString()).toBe(now.toISOString());
    expect((await store.match(`${base}/api/app/notices/4`))?.headers.get(SAVED_AT_HEADER)).toBe(now.toISOString());
  });

  it("knows which screen an address is", () => {
    expect(savedKindOf(`${base}/api/app/notices/4`)).toEqual({ kind: "notice", id: 4, route: "/notices/4" });
    expect(savedKindOf(`${base}/api/app/content/pages/5`)).toEqual({ kind: "org-page", id: 5, route: "/org-pages/5" });
    expect(savedKindOf(`${base}/api/v2/pages/9/?fields=body`)).toEqual({ kind: "article", id: 9, route: "/articles/9" });
    expect(savedKindOf(`${base}/media/images/a.png`)).toBeNull();
  });
});
