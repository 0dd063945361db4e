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
    case "dues_month":
    case "dues_payment":
      return "/me/dues";
    case "recruitment":
    case "candidate_submission":
      return "/me/recruitment";
    case "transfer":
      return "/me/dossier";
    case "inspection_assignment":
      return objectId ? `/supervision/assignments/${objectId}` : "/supervision";
    case "inspection_task":
      // To the branches it was sent to: their assignment is in 待处理 (the task itself is the
      // issuing side's).
      return "/supervision";
    case "wish":
      return objectId ? `/wishes/${objectId}` : "/wishes";
    case "experience":
      return "/experiences?tab=mine";
    case "suggestion":
      return "/suggestions";
    case "secretary_letter":
      return "/letters";
    default:
      return null;
  }
}
