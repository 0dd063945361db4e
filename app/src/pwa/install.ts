/**
 * 添加到主屏幕: where the browser offers to install the app (Chrome, Edge, Android browsers),
 * its ``beforeinstallprompt`` is kept and AppStatus.vue shows an install button; on iOS Safari,
 * which has no such event, a short text says how (分享 → 添加到主屏幕). Either hint can be
 * closed, and stays closed (remembered on the phone); none is shown in the installed app.
 */
import { computed, ref, shallowRef } from "vue";

/** Chrome's event (not in TypeScript's DOM types). */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: "accepted" | "dismissed" }>;
}

export const INSTALL_HINT_DISMISSED_KEY = "dangjian.installHintDismissed";

const promptEvent = shallowRef<BeforeInstallPromptEvent | null>(null);
const dismissed = ref(readDismissed());
const installed = ref(false);
const iosSafari = ref(false);

function readDismissed(): boolean {
  try {
    return localStorage.getItem(INSTALL_HINT_DISMISSED_KEY) === "1";
  } catch {
    return false;
  }
}

/** Safari on an iPhone or iPad (an iPad asks as a Mac with touch), not another browser or an
 * app's web view there (WeChat, QQ, …), which cannot add to the home screen. */
export function isIosSafari(userAgent: string, maxTouchPoints = 0): boolean {
  const ios = /iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
  const otherBrowser = /CriOS|FxiOS|EdgiOS|OPiOS|MicroMessenger|QQ\/|MQQBrowser|UCBrowser|baiduboxapp|AlipayClient|DingTalk|Weibo/;
  return ios && /Safari\//.test(userAgent) && !otherBrowser.test(userAgent);
}

/** Whether the app runs installed (from the home screen). */
export function isStandalone(win: Window = window): boolean {
  const standaloneSafari = (win.navigator as Navigator & { standalone?: boolean }).standalone === true;
  return standaloneSafari || (typeof win.matchMedia === "function" && win.matchMedia("(display-mode: standalone)").matches);
}

/** Start listening, at launch before the browser offers (register.ts). */
export function listenForInstall(win: Window = window): void {
  installed.value = isStandalone(win);
  iosSafari.value = isIosSafari(win.navigator.userAgent, win.navigator.maxTouchPoints);
  win.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    promptEvent.value = event as BeforeInstallPromptEvent;
  });
  win.addEventListener("appinstalled", () => {
    promptEvent.value = null;
    installed.value = true;
  });
}

/** Which hint to show: the install button, the iOS text, or none. */
export const installHint = computed<"button" | "ios" | null>(() => {
  if (installed.value || dismissed.value) return null;
  if (promptEvent.value) return "button";
  return iosSafari.value ? "ios" : null;
});

/** 添加: the browser's own install dialog; the hint goes either way (the browser offers it once). */
export async function install(): Promise<boolean> {
  const event = promptEvent.value;
  if (!event) return false;
  promptEvent.value = null;
  await event.prompt();
  const { outcome } = await event.userChoice;
  if (outcome === "accepted") installed.value = true;
  return outcome === "accepted";
}

/** ×: not now, nor on later launches. */
export function dismissInstallHint(): void {
  dismissed.value = true;
  try {
    localStorage.setItem(INSTALL_HINT_DISMISSED_KEY, "1");
  } catch {
    // Private browsing: closed for this visit only.
  }
}
