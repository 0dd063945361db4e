/**
 * How the service worker answers each request (pure functions, tested in routing.test.ts):
 *
 * - ``shell``: a page of the app (a navigation under /app/): the network first, the release's
 *   cached index.html when the network fails, so every address of the app opens offline;
 * - ``asset``: a built file under /static/app/: the release's cache first (hashed names never
 *   change), the network for what is not in it;
 * - ``offline-copy``: what a member reads and may want to read again offline (a notice, an
 *   article, a 制度建设/事务公开 page, the images under /media/): the network first, a copy kept
 *   on success, the copy answered (marked ``X-Offline-Copy: 1``) when the network fails;
 * - ``network``: everything else (the rest of the API, other methods, other origins) is left to
 *   the browser: offline, the app shows its own error.
 */

export type Strategy = "shell" | "asset" | "offline-copy" | "network";

/** The app's pages (the worker's scope). */
export const APP_SCOPE = "/app/";
/** The built files (vite.config.ts ``base``). */
export const ASSETS_PREFIX = "/static/app/";
/** Files Django serves under /app/ that are not pages of the app (partysite.views.app_file). */
const APP_FILES = new Set([`${APP_SCOPE}sw.js`, `${APP_SCOPE}manifest.webmanifest`]);

/** The addresses whose answers are kept for reading offline. */
const OFFLINE_READABLE: readonly RegExp[] = [
  /^\/api\/app\/notices\/\d+\/?$/,
  /^\/api\/app\/content\/pages\/\d+\/?$/,
  /^\/api\/v2\/pages\/\d+\/?$/,
  // An article's pictures and documents, asked for by id (``?ids=…``) with the article.
  /^\/api\/v2\/(images|documents)\/$/,
  /^\/media\/./,
];

export interface RequestFacts {
  /** The request's method. */
  method: string;
  /** Whether it is a navigation (``request.mode === "navigate"``). */
  navigate?: boolean;
  /** The worker's own origin: requests to other origins are left alone. */
  origin: string;
}

export function strategyFor(url: URL | string, { method, navigate = false, origin }: RequestFacts): Strategy {
  const address = typeof url === "string" ? new URL(url, origin) : url;
  if (method !== "GET" || address.origin !== origin) return "network";
  const path = address.pathname;
  if (navigate) return path.startsWith(APP_SCOPE) && !APP_FILES.has(path) ? "shell" : "network";
  if (path.startsWith(ASSETS_PREFIX)) return "asset";
  if (OFFLINE_READABLE.some((pattern) => pattern.test(path))) return "offline-copy";
  return "network";
}

/** What the worker does with the network's answer to an ``offline-copy`` request. */
export type Outcome = "save" | "forget" | "copy-if-any" | "pass";

/**
 * - 200: the answer, and a copy is kept;
 * - 401/403/404/410: the member may no longer read it (signed out elsewhere, moved out of the
 *   organisation, withdrawn): the copy is deleted;
 * - 502/503/504: the server is unreachable behind its proxy, or busy: like no network, the copy
 *   if there is one;
 * - anything else is passed on as it is.
 */
export function outcomeOf(status: number): Outcome {
  if (status === 200) return "save";
  if ([401, 403, 404, 410].includes(status)) return "forget";
  if ([502, 503, 504].includes(status)) return "copy-if-any";
  return "pass";
}

/** The same for a page of the app: the cached shell when the server is unreachable. */
export function pageNeedsShell(status: number): boolean {
  return [502, 503, 504].includes(status);
}

/** The key a copy is kept under: the address without its fragment (copies are matched by
 * address only, whoever's token the request carries: see offline-copies.ts for whose they are). */
export function copyKey(url: string): string {
  const address = new URL(url);
  address.hash = "";
  return address.href;
}
