/**
 * Registers the service worker (/app/sw.js, scope /app/) in a production build, and follows its
 * releases: a new release installed while this page runs an older one waits, ``updateReady``
 * shows 有新版本可用 (AppStatus.vue), and ``applyUpdate()`` (立即更新) lets it take over and
 * reloads the page once it has. The server is asked for a new release at launch, every hour, and
 * when the app comes back to the screen after more than an hour.
 */
import { ref } from "vue";

import { listenForInstall } from "@/pwa/install";

export const SERVICE_WORKER_URL = "/app/sw.js";
export const SERVICE_WORKER_SCOPE = "/app/";
/** How often the server is asked for a new release. */
export const UPDATE_CHECK_MS = 60 * 60 * 1000;
/** The message that lets a waiting release take over (sw.ts). */
export const SKIP_WAITING = { type: "SKIP_WAITING" } as const;

/** A new release is ready: 有新版本可用. */
export const updateReady = ref(false);

let waiting: ServiceWorker | null = null;
let updateRequested = false;
let reloading = false;
let reloadPage: () => void = () => window.location.reload();

/** At launch (main.ts): the worker, and the browser's offer to install the app (install.ts). */
export function registerServiceWorker(): void {
  listenForInstall();
  if (import.meta.env.DEV || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    void followReleases(navigator.serviceWorker).catch(() => undefined);
  });
}

/** Register the worker and watch for new releases (exported for the tests, with fakes). */
export async function followReleases(
  container: ServiceWorkerContainer,
  { reload = () => window.location.reload(), now = () => Date.now() }: { reload?: () => void; now?: () => number } = {},
): Promise<ServiceWorkerRegistration> {
  reloadPage = reload;
  let hadController = container.controller !== null;
  container.addEventListener("controllerchange", () => {
    if (updateRequested) {
      reloadOnce();
    } else if (hadController) {
      // Another tab chose 立即更新: this page runs the older release under the newer worker.
      updateReady.value = true;
    }
    hadController = true;
  });
  const registration = await container.register(SERVICE_WORKER_URL, { scope: SERVICE_WORKER_SCOPE });
  if (registration.waiting && container.controller) offer(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener("statechange", () => {
      // Installed while a worker controls this page: a new release (the first install has
      // nothing to replace and takes control by itself).
      if (worker.state === "installed" && container.controller) offer(worker);
    });
  });

  let lastCheck = now();
  const check = (): void => {
    lastCheck = now();
    registration.update().catch(() => undefined);
  };
  check();
  setInterval(check, UPDATE_CHECK_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && now() - lastCheck >= UPDATE_CHECK_MS) check();
  });
  return registration;
}

function offer(worker: ServiceWorker): void {
  waiting = worker;
  updateReady.value = true;
}

/** 立即更新: the waiting release takes over, then the page reloads (on ``controllerchange``);
 * without one (another tab updated already), the page reloads at once. */
export function applyUpdate(): void {
  updateReady.value = false;
  if (waiting && waiting.state === "installed") {
    updateRequested = true;
    waiting.postMessage(SKIP_WAITING);
  } else {
    reloadOnce();
  }
}

function reloadOnce(): void {
  if (reloading) return;
  reloading = true;
  reloadPage();
}
