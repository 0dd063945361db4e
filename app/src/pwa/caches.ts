/** The names of the service worker's caches, shared by the worker (pwa/sw.ts) and the app. */

/** The app shell: index.html and the built files, replaced with each release. */
export const SHELL_CACHE = "dangjian-shell";
/** What the member opened that can be read offline (notices, articles, their images). */
export const OFFLINE_CACHE = "dangjian-offline";
