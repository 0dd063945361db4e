import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

class FakeWorker extends EventTarget {
  messages: unknown[] = [];
  constructor(public state: ServiceWorkerState) {
    super();
  }
  postMessage(message: unknown): void {
    this.messages.push(message);
  }
  become(state: ServiceWorkerState): void {
    this.state = state;
    this.dispatchEvent(new Event("statechange"));
  }
}

class FakeRegistration extends EventTarget {
  installing: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
  updates = 0;
  async update(): Promise<void> {
    this.updates += 1;
  }
  /** The browser found a new sw.js and installs it. */
  found(worker: FakeWorker): void {
    this.installing = worker;
    this.dispatchEvent(new Event("updatefound"));
  }
}

class FakeContainer extends EventTarget {
  registration = new FakeRegistration();
  registered: [string, RegistrationOptions | undefined][] = [];
  constructor(public controller: FakeWorker | null) {
    super();
  }
  async register(url: string, options?: RegistrationOptions): Promise<FakeRegistration> {
    this.registered.push([url, options]);
    return this.registration;
  }
  /** A worker takes control of the page. */
  controlledBy(worker: FakeWorker): void {
    this.controller = worker;
    this.dispatchEvent(new Event("controllerchange"));
  }
}

async function follow(container: FakeContainer, now = () => Date.now()) {
  const module = await import("@/pwa/register");
  const reload = vi.fn();
  await module.followReleases(container as unknown as ServiceWorkerContainer, { reload, now });
  return { ...module, reload };
}

describe("new releases of the app", () => {
  beforeEach(() => {
    vi.resetModules();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("registers /app/sw.js for /app/ and asks for a new release at launch and every hour", async () => {
    const container = new FakeContainer(new FakeWorker("activated"));
    await follow(container);
    expect(container.registered).toEqual([["/app/sw.js", { scope: "/app/" }]]);
    expect(container.registration.updates).toBe(1);
    vi.advanceTimersByTime(60 * 60 * 1000);
    expect(container.registration.updates).toBe(2);
  });

  it("says nothing at the first install, which takes control by itself", async () => {
    const container = new FakeContainer(null);
    const { updateReady, reload } = await follow(container);
    const worker = new FakeWorker("installing");
    container.registration.found(worker);
    worker.become("installed");
    worker.become("activated");
    container.controlledBy(worker);
    expect(updateReady.value).toBe(false);
    expect(reload).not.toHaveBeenCalled();
  });

  it("offers a new release once installed, and reloads once after 立即更新", async () => {
    const container = new FakeContainer(new FakeWorker("activated"));
    const { updateReady, applyUpdate, reload } = await follow(container);
    const worker = new FakeWorker("installing");
    container.registration.found(worker);
    expect(updateReady.value).toBe(false);
    worker.become("installed");
    expect(updateReady.value).toBe(true);

    applyUpdate();
    expect(worker.messages).toEqual([{ type: "SKIP_WAITING" }]);
    expect(updateReady.value).toBe(false);
    expect(reload).not.toHaveBeenCalled();
    worker.become("activated");
    container.controlledBy(worker);
    container.controlledBy(worker);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it("offers a release that was already waiting at launch", async () => {
    const container = new FakeContainer(new FakeWorker("activated"));
    container.registration.waiting = new FakeWorker("installed");
    const { updateReady } = await follow(container);
    expect(updateReady.value).toBe(true);
  });

  it("offers a reload when another tab updated", async () => {
    const container = new FakeContainer(new FakeWorker("activated"));
    const { updateReady, applyUpdate, reload } = await follow(container);
    container.controlledBy(new FakeWorker("activated"));
    expect(updateReady.value).toBe(true);
    applyUpdate();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it("asks again when the app comes back after an hour", async () => {
    let now = 0;
    const container = new FakeContainer(new FakeWorker("activated"));
    await follow(container, () => now);
    now = 10 * 60 * 1000;
    document.dispatchEvent(new Event("visibilitychange"));
    expect(container.registration.updates).toBe(1);
    now = 61 * 60 * 1000;
    document.dispatchEvent(new Event("visibilitychange"));
    expect(container.registration.updates).toBe(2);
  });
});
