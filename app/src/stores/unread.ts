/** The unread count on the 消息 tab: fetched on sign-in and on each navigation (at most every
 * 30 seconds), and set directly by the screens that read messages. */
import { ref } from "vue";

import { api, call } from "@/api/client";
import { session } from "@/session";

const REFRESH_INTERVAL_MS = 30_000;

export const unreadMessages = ref(0);
let fetchedAt = 0;

export async function refreshUnread(force = false): Promise<void> {
  if (!session.token) return;
  if (!force && Date.now() - fetchedAt < REFRESH_INTERVAL_MS) return;
  fetchedAt = Date.now();
  try {
    const result = await call(api.GET("/api/app/messages/unread-count"));
    unreadMessages.value = result.count;
  } catch {
    // Offline or signed out: the badge keeps its last value.
  }
}
