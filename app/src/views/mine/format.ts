/**
 * How the 我的 screens show the API's states: initials for the avatar, and the tag (label and
 * Vant colour) of each state. Dates and money: @/format.
 */
import { cents } from "@/format";

export type TagType = "primary" | "success" | "warning" | "danger" | "default";

export interface Tag {
  label: string;
  type: TagType;
}

/** What the avatar shows: the given name of a Chinese name (its last two characters), or the
 * initials of a Latin one. */
export function initials(name: string | null | undefined): string {
  const text = (name ?? "").trim();
  if (!text) return "我";
  if (/^[\u3400-\u9fff·]+$/.test(text)) return text.length > 2 ? text.slice(-2) : text;
  const words = text.split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => word[0].toUpperCase())
    .join("");
}

/** A month of my dues: 免交, 已缴, 部分缴纳 or 未缴. */
export function duesMonthTag(month: { amount_due: string; paid_amount: string }): Tag {
  const due = cents(month.amount_due);
  const paid = cents(month.paid_amount);
  if (due === 0) return { label: "免交", type: "default" };
  if (paid >= due) return { label: "已缴", type: "success" };
  if (paid > 0) return { label: "部分缴纳", type: "warning" };
  return { label: "未缴", type: "danger" };
}

const CHANGE_REQUEST_TYPES: Record<string, TagType> = {
  pending: "warning",
  approved: "success",
  rejected: "danger",
};

/** A change request's state (the API's label, coloured). */
export function changeRequestTag(status: string, label: string): Tag {
  return { label, type: CHANGE_REQUEST_TYPES[status] ?? "default" };
}

/** A meeting as its attendee sees it now: 未开始, 进行中, 已结束 (time passed or closed). */
export function meetingStateTag(
  meeting: { status: string; starts_at: string; ends_at: string },
  now: Date = new Date(),
): Tag {
  if (meeting.status === "closed" || now.getTime() > Date.parse(meeting.ends_at)) {
    return { label: "已结束", type: "default" };
  }
  if (now.getTime() >= Date.parse(meeting.starts_at)) return { label: "进行中", type: "danger" };
  return { label: "未开始", type: "primary" };
}

/** My answer to a meeting's notice; having checked in says more than having signed up. */
export function meetingResponseTag(meeting: {
  my_response: string;
  my_response_label: string;
  attended: boolean;
}): Tag {
  if (meeting.attended) return { label: "已签到", type: "success" };
  if (meeting.my_response === "signed_up") return { label: meeting.my_response_label, type: "primary" };
  if (meeting.my_response === "leave") return { label: meeting.my_response_label, type: "warning" };
  return { label: meeting.my_response_label, type: "default" };
}

const REVIEW_TYPES: Record<string, TagType> = {
  pending: "warning",
  approved: "success",
  returned: "danger",
};

/** A submission's review (入党申请书, 思想汇报). */
export function reviewTag(review: string, label: string): Tag {
  return { label, type: REVIEW_TYPES[review] ?? "default" };
}

const TRANSFER_TYPES: Record<string, TagType> = {
  pending: "warning",
  accepted: "success",
  returned: "danger",
  revoked: "default",
  expired: "default",
};

/** A transfer's state (待接收 is the one in progress). */
export function transferTag(status: string, label: string): Tag {
  return { label, type: TRANSFER_TYPES[status] ?? "default" };
}
