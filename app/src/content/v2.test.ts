import { afterEach, describe, expect, it, vi } from "vitest";

import { ApiFailure, NetworkFailure } from "@/api/errors";
import { idBatches, renditionOf, sameOriginPath, v2Get, v2Images, v2PageList, v2Url } from "@/content/v2";

afterEach(() => {
  vi.unstubAllGlobals();
});

function answer(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), { status: 200, ...init, headers: { "Content-Type": "application/json", ...init.headers } });
}

describe("v2Url", () => {
  it("builds the address with lists joined by commas", () => {
    expect(v2Url("pages/", { type: "content.NewsPage", fields: ["date", "summary"], limit: 10, offset: 0 })).toBe(
      "/api/v2/pages/?type=content.NewsPage&fields=date%2Csummary&limit=10&offset=0",
    );
  });
  it("leaves out empty values", () => {
    expect(v2Url("/pages/5/", { fields: [], search: "", order: undefined, child_of: null })).toBe("/api/v2/pages/5/");
  });
  it("keeps false and zero", () => {
    expect(v2Url("images/", { ids: [3, 5], show_in_menus: false })).toBe("/api/v2/images/?ids=3%2C5&show_in_menus=false");
  });
});

describe("v2Get", () => {
  it("tells the service worker's saved copy", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => answer({ id: 1 }, { headers: { "X-Offline-Copy": "1" } })));
    expect(await v2Get("/api/v2/pages/1/")).toEqual({ data: { id: 1 }, offline: true });
  });
  it("is online otherwise", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => answer({ id: 1 })));
    expect((await v2Get("/api/v2/pages/1/")).offline).toBe(false);
  });
  it("fails in Chinese", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => answer({ message: "Not found" }, { status: 404 })));
    await expect(v2Get("/api/v2/pages/9/")).rejects.toThrow(ApiFailure);
    await expect(v2Get("/api/v2/pages/9/")).rejects.toThrow("内容不存在或已撤下。");
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("offline"))));
    await expect(v2Get("/api/v2/pages/9/")).rejects.toThrow(NetworkFailure);
  });
});

describe("lists", () => {
  it("asks for a page of a type, newest first, at most 20", async () => {
    const fetched = vi.fn(async (_url: string) => answer({ meta: { total_count: 42 }, items: [{ id: 7 }] }));
    vi.stubGlobal("fetch", fetched);
    const page = await v2PageList("content.DynamicPage", ["date"], 20, 50);
    expect(page).toEqual({ items: [{ id: 7 }], count: 42 });
    expect(fetched.mock.calls[0]?.[0]).toBe("/api/v2/pages/?type=content.DynamicPage&fields=date&order=-date%2C-id&offset=20&limit=20");
  });
  it("fetches images by ids in batches", async () => {
    const fetched = vi.fn(async (url: string) => {
      const ids = new URL(url, "http://x").searchParams.get("ids")!.split(",").map(Number);
      return answer({ meta: { total_count: ids.length }, items: ids.map((id) => ({ id })) });
    });
    vi.stubGlobal("fetch", fetched);
    const ids = Array.from({ length: 25 }, (_, index) => index + 1);
    const { data } = await v2Images([...ids, 3]);
    expect(fetched).toHaveBeenCalledTimes(2);
    expect([...data.keys()].sort((a, b) => a - b)).toEqual(ids);
  });
  it("batches without repeats", () => {
    expect(idBatches([1, 2, 2, 3], 2)).toEqual([[1, 2], [3]]);
    expect(idBatches([])).toEqual([]);
  });
});

describe("addresses", () => {
  it("makes this site's addresses paths", () => {
    expect(sameOriginPath("http://127.0.0.1:8011/documents/1/a.mp4", "http://127.0.0.1:8011")).toBe("/documents/1/a.mp4");
    expect(sameOriginPath("https://example.com/a.mp4", "http://127.0.0.1:8011")).toBe("https://example.com/a.mp4");
    expect(sameOriginPath("/media/a.jpg", "http://127.0.0.1:8011")).toBe("/media/a.jpg");
  });
  it("reads renditions", () => {
    expect(renditionOf({ error: "SourceImageIOError" })).toBeNull();
    expect(renditionOf(null)).toBeNull();
    expect(renditionOf({ url: "/a.jpg", width: 1, height: 1, alt: "" })?.url).toBe("/a.jpg");
  });
});
