/// <reference lib="webworker" />
/** The member app's service worker (served at /app/sw.js). */
declare const self: ServiceWorkerGlobalScope;

self.addEventListener("install", () => {
  void self.skipWaiting();
});
self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});
export {};
