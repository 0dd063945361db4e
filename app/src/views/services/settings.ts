/** 便民服务设置 as the app needs them: whether suggestions may be anonymous, whether the
 * 书记信箱 is open, and the board's hourly limit. */
import { api, call } from "@/api/client";
import type { components } from "@/api/schema";

export type ServiceSettings = components["schemas"]["ServiceSettingsOut"];

export async function loadServiceSettings(): Promise<ServiceSettings> {
  return call(api.GET("/api/app/suggestions/settings"));
}
