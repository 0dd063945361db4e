/** How the member services show their states: the status tags of 微心愿, 微心得, 意见建议 and
 * 书记信箱, a claimed wish's progress and an avatar's initial. Dates and money: @/format. */

export type TagType = "primary" | "success" | "warning" | "danger" | "default";

const STATUS_TAGS: Record<string, TagType> = {
  // 微心愿
  published: "primary",
  claimed: "warning",
  completed: "success",
  expired: "default",
  // 微心得
  pending: "warning",
  approved: "success",
  rejected: "danger",
  // 意见建议
  open: "warning",
  replied: "success",
  closed: "default",
  // 书记信箱
  sent: "warning",
};

/** The colour of a status tag: waiting is orange, done is green, refused is red. */
export function statusTagType(status: string): TagType {
  return STATUS_TAGS[status] ?? "default";
}

/** What a claimed 微心愿 waits for, as the claimer reads it. */
export function wishProgress(wish: {
  status: string;
  claimed_by_me: boolean;
  fulfilled_at?: string | null;
}): string {
  if (!wish.claimed_by_me) return "";
  if (wish.status === "completed") return "支部已确认完成";
  if (wish.status === "claimed" && wish.fulfilled_at) return "已登记完成情况，待支部确认";
  if (wish.status === "claimed") return "待登记完成情况";
  return "";
}

/** The first character of a name, for an avatar. */
export function initial(name: string): string {
  return Array.from(name.trim())[0] ?? "?";
}
