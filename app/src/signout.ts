/** 退出登录: revoke the token on the server, forget it here, and delete what the service worker
 * saved for reading offline (it is this member's). */
import { api } from "@/api/client";
import { OFFLINE_CACHE } from "@/pwa/caches";
import { session } from "@/session";
import { unreadMessages } from "@/stores/unread";

export async function signOut(): Promise<void> {
  try {
    await api.POST("/api/app/auth/logout");
  } catch {
    // Offline: the token is forgotten here and ends on the server by its idle lifetime.
  }
  session.end();
  unreadMessages.value = 0;
  if ("caches" in window) await caches.delete(OFFLINE_CACHE);
}
