/// <reference lib="webworker" />
/**
 * The member app's service worker, served at /app/sw.js with the scope /app/ (register.ts).
 *
 * - install: caches the release's shell, index.html (fetched from /app/) and every built file
 *   (the list and the release's version are written in at build time, vite.config.ts), in
 *   ``dangjian-shell-<version>``; the new release then waits until the member chooses 立即更新
 *   (AppStatus.vue), which posts ``SKIP_WAITING``;
 * - activate: deletes the other releases' shells and takes control of the open pages;
 * - fetch: answers each request as routing.ts says (pages, built files, copies for reading
 *   offline, the rest left to the network).
 *
 * It is built apart from the app into one self-contained script (no imports at run time).
 */
import { OFFLINE_CACHE, isStaleShellCache, shellCacheName } from "@/pwa/caches";
import { forgetCopy, ownerOf, saveCopy, savedCopy } from "@/pwa/offline-copies";
import { APP_SCOPE, copyKey, outcomeOf, pageNeedsShell, strategyFor } from "@/pwa/routing";

declare const self: ServiceWorkerGlobalScope;
/** The built files to cache, absolute paths (vite.config.ts). */
declare const __SW_PRECACHE__: readonly string[];
/** The release: a digest of this script and the shell it caches (vite.config.ts). */
declare const __SW_VERSION__: string;

const VERSION = __SW_VERSION__;
const SHELL = shellCacheName(VERSION);

/** How long a page or a copy's request waits for the network before the cached shell or the
 * saved copy is answered (a weak signal); a copy is still replaced when the network answers. */
const NETWORK_PATIENCE_MS = 8000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll([APP_SCOPE, ...__SW_PRECACHE__].map((url) => new Request(url, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => isStaleShellCache(name, VERSION)).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data: unknown = event.data;
  if (data && typeof data === "object" && "type" in data && data.type === "SKIP_WAITING") void self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const strategy = strategyFor(request.url, {
    method: request.method,
    navigate: request.mode === "navigate",
    origin: self.location.origin,
  });
  if (strategy === "shell") event.respondWith(page(request));
  else if (strategy === "asset") event.respondWith(asset(request));
  else if (strategy === "offline-copy") event.respondWith(offlineReadable(event));
});

/** A page of the app: the server's index.html (it may be a newer release's), or this release's
 * when the server cannot be reached or keeps the page waiting. */
async function page(request: Request): Promise<Response> {
  const network = fetch(request);
  network.catch(ignore);
  try {
    const first = await Promise.race([network, delay(NETWORK_PATIENCE_MS)]);
    if (first instanceof Response) return pageNeedsShell(first.status) ? ((await cachedShell()) ?? first) : first;
    return (await cachedShell()) ?? (await network);
  } catch {
    return (await cachedShell()) ?? noShell();
  }
}

async function cachedShell(): Promise<Response | undefined> {
  return caches.match(APP_SCOPE, { cacheName: SHELL });
}

/** Offline without a cached shell (it was deleted by the browser): a page that says so. */
function noShell(): Response {
  const body =
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>离线 - 智慧党建</title></head>' +
    '<body style="font-family:sans-serif;text-align:center;padding:48px 16px;color:#323233">' +
    "<h1 style=\"font-size:20px\">当前没有网络连接</h1><p>连接网络后重新打开智慧党建。</p></body></html>";
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

/** A built file: this release's copy, or the network's. */
async function asset(request: Request): Promise<Response> {
  return (await caches.match(request, { cacheName: SHELL, ignoreVary: true })) ?? fetch(request);
}

/** A notice, an article or an image: the network first, keeping a copy; the copy offline. */
async function offlineReadable(event: FetchEvent): Promise<Response> {
  const { request } = event;
  const key = copyKey(request.url);
  const ownerPromise = ownerOf(request.headers.get("Authorization"));
  const storePromise = caches.open(OFFLINE_CACHE);
  const network = fetch(request).then((response) => {
    // Kept or deleted beside the answer, which the page has at once.
    const outcome = outcomeOf(response.status);
    if (outcome === "save" && response.type === "basic") {
      const kept = response.clone();
      event.waitUntil(Promise.all([storePromise, ownerPromise]).then(([store, owner]) => saveCopy(store, key, kept, owner)));
    } else if (outcome === "forget") {
      event.waitUntil(storePromise.then((store) => forgetCopy(store, key)));
    }
    return response;
  });
  // The worker lives until the network answers, even when the page stopped waiting for it.
  event.waitUntil(network.then(ignore, ignore));
  const copy = async (): Promise<Response | undefined> => savedCopy(await storePromise, key, await ownerPromise);
  try {
    const first = await Promise.race([network, delay(NETWORK_PATIENCE_MS)]);
    if (first instanceof Response) {
      return outcomeOf(first.status) === "copy-if-any" ? ((await copy()) ?? first) : first;
    }
    return (await copy()) ?? (await network);
  } catch {
    return (await copy()) ?? Response.error();
  }
}

function ignore(): void {
  // Settled either way.
}

function delay(milliseconds: number): Promise<"late"> {
  return new Promise((resolve) => setTimeout(() => resolve("late"), milliseconds));
}
