/** Where a message's object opens in the app (``object_type``/``object_id`` of MessageOut). */
import type { RouteLocationRaw } from "vue-router";

export function messageTarget(objectType: string, objectId: number | null): RouteLocationRaw | null {
  switch (objectType) {
    case "notice":
      return objectId ? `/notices/${objectId}` : "/notices";
    case "meeting":
      return objectId ? `/me/meetings/${objectId}` : "/me/meetings";
    case "change_request":
      return "/me/change-requests";
    case "dues":
      return "/me/dues";
    case "recruitment":
      return "/me/recruitment";
    case "transfer":
      return "/me/dossier";
    case "inspection_assignment":
      return objectId ? `/supervision/assignments/${objectId}` : "/supervision";
    default:
      return null;
  }
}
