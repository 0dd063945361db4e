/** The names of the service worker's caches, shared by the worker (pwa/sw.ts) and the app. */

/** The app shell: index.html and the built files of one release. The worker keeps them in
 * ``<SHELL_CACHE>-<version>`` (shellCacheName) and deletes the other releases' on activation. */
export const SHELL_CACHE = "dangjian-shell";
/** What the member opened that can be read offline (notices, articles, their images); deleted
 * at sign-out (signout.ts). */
export const OFFLINE_CACHE = "dangjian-offline";

/** The shell cache of one release. */
export function shellCacheName(version: string): string {
  return `${SHELL_CACHE}-${version}`;
}

/** Whether a cache is a shell cache of another release than ``version`` (or of a worker from
 * before releases had versions), to delete when ``version`` is activated. */
export function isStaleShellCache(name: string, version: string): boolean {
  return (name === SHELL_CACHE || name.startsWith(`${SHELL_CACHE}-`)) && name !== shellCacheName(version);
}
