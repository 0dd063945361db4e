// @vitest-environment node
import { describe, expect, it } from "vitest";

import { isStaleShellCache, shellCacheName } from "@/pwa/caches";
import { copyKey, outcomeOf, pageNeedsShell, strategyFor } from "@/pwa/routing";

const origin = "https://dj.example.cn";
const get = (path: string, navigate = false) => strategyFor(`${origin}${path}`, { method: "GET", navigate, origin });

describe("how the service worker answers", () => {
  it("opens every page of the app from the network, or the cached shell", () => {
    for (const path of ["/app/", "/app/notices/12", "/app/me/meetings/3?tab=2", "/app/offline", "/app/login?next=/me"]) {
      expect(get(path, true)).toBe("shell");
    }
  });

  it("leaves pages outside the app, its worker and its manifest to the network", () => {
    for (const path of ["/", "/admin/", "/documents/5/plan.pdf", "/app/sw.js", "/app/manifest.webmanifest"]) {
      expect(get(path, true)).toBe("network");
    }
  });

  it("answers the built files from the release's cache first", () => {
    expect(get("/static/app/assets/index-Sqs9j0op.js")).toBe("asset");
    expect(get("/static/app/icons/icon-192.png")).toBe("asset");
    expect(get("/static/wagtailadmin/css/core.css")).toBe("network");
  });

  it("keeps copies of notices, articles, 制度建设/事务公开 pages and images", () => {
    for (const path of [
      "/api/app/notices/12",
      "/api/app/content/pages/7",
      "/api/v2/pages/31/",
      "/api/v2/pages/31/?fields=body",
      "/media/images/photo.width-800.jpg",
    ]) {
      expect(get(path), path).toBe("offline-copy");
    }
  });

  it("leaves the rest of the API to the network", () => {
    for (const path of [
      "/api/app/notices/",
      "/api/app/notices/12/receipts",
      "/api/app/content/pages?type=rules",
      "/api/app/messages/",
      "/api/app/auth/whoami",
      "/api/app/me/",
      "/api/v2/pages/",
      "/api/v2/pages/find/?html_path=/",
      "/documents/5/plan.pdf",
    ]) {
      expect(get(path), path).toBe("network");
    }
  });

  it("never answers other methods or other origins", () => {
    expect(strategyFor(`${origin}/api/app/notices/12`, { method: "POST", origin })).toBe("network");
    expect(strategyFor(`${origin}/app/`, { method: "POST", navigate: true, origin })).toBe("network");
    expect(strategyFor("https://cdn.example.com/static/app/x.js", { method: "GET", origin })).toBe("network");
    expect(strategyFor("https://cdn.example.com/app/", { method: "GET", navigate: true, origin })).toBe("network");
  });

  it("decides from the network's answer what becomes of a copy", () => {
    expect(outcomeOf(200)).toBe("save");
    for (const status of [401, 403, 404, 410]) expect(outcomeOf(status)).toBe("forget");
    for (const status of [502, 503, 504]) expect(outcomeOf(status)).toBe("copy-if-any");
    for (const status of [204, 206, 304, 400, 429, 500]) expect(outcomeOf(status)).toBe("pass");
    expect(pageNeedsShell(502)).toBe(true);
    expect(pageNeedsShell(404)).toBe(false);
  });

  it("keeps a copy under its address without the fragment", () => {
    expect(copyKey(`${origin}/api/v2/pages/3/?fields=body#top`)).toBe(`${origin}/api/v2/pages/3/?fields=body`);
  });

  it("deletes the shell caches of other releases only", () => {
    expect(shellCacheName("abc")).toBe("dangjian-shell-abc");
    expect(isStaleShellCache("dangjian-shell-old", "abc")).toBe(true);
    expect(isStaleShellCache("dangjian-shell", "abc")).toBe(true);
    expect(isStaleShellCache("dangjian-shell-abc", "abc")).toBe(false);
    expect(isStaleShellCache("dangjian-offline", "abc")).toBe(false);
  });
});
