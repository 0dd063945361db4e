import { beforeEach, describe, expect, it, vi } from "vitest";

const IPHONE_SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const IPHONE_WECHAT =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
const IPHONE_CHROME =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/123.0.6312.52 Mobile/15E148 Safari/604.1";
const IPAD_AS_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
const ANDROID_CHROME =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Mobile Safari/537.36";

/** A beforeinstallprompt as Chrome sends it. */
function offer(outcome: "accepted" | "dismissed") {
  const event = new Event("beforeinstallprompt", { cancelable: true }) as Event & {
    prompt: () => Promise<void>;
    userChoice: Promise<{ outcome: string }>;
  };
  event.prompt = vi.fn(async () => undefined);
  event.userChoice = Promise.resolve({ outcome });
  return event;
}

describe("添加到主屏幕", () => {
  beforeEach(() => {
    vi.resetModules();
    localStorage.clear();
  });

  it("gives the iOS hint in Safari only", async () => {
    const { isIosSafari } = await import("@/pwa/install");
    expect(isIosSafari(IPHONE_SAFARI)).toBe(true);
    expect(isIosSafari(IPAD_AS_MAC, 5)).toBe(true);
    expect(isIosSafari(IPAD_AS_MAC, 0)).toBe(false);
    expect(isIosSafari(IPHONE_WECHAT)).toBe(false);
    expect(isIosSafari(IPHONE_CHROME)).toBe(false);
    expect(isIosSafari(ANDROID_CHROME)).toBe(false);
  });

  it("shows the install button when the browser offers, and installs", async () => {
    const { listenForInstall, installHint, install } = await import("@/pwa/install");
    listenForInstall();
    expect(installHint.value).toBeNull();
    const event = offer("accepted");
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(installHint.value).toBe("button");
    expect(await install()).toBe(true);
    expect(event.prompt).toHaveBeenCalledOnce();
    expect(installHint.value).toBeNull();
  });

  it("remembers that the hint was closed", async () => {
    const first = await import("@/pwa/install");
    first.listenForInstall();
    window.dispatchEvent(offer("dismissed"));
    first.dismissInstallHint();
    expect(first.installHint.value).toBeNull();

    vi.resetModules();
    const second = await import("@/pwa/install");
    second.listenForInstall();
    window.dispatchEvent(offer("dismissed"));
    expect(second.installHint.value).toBeNull();
  });
});
