/** How the content's durations and files are shown: ``1:02:03``, ``PDF`` (dates: @/format). */
import { twoDigits } from "@/format";

/** A duration as the API gives it (Django's ``[D ]HH:MM:SS[.ffffff]``) as a player shows it:
 * ``12:30``, ``1:02:03``; empty for nothing. */
export function formatDuration(value: string | null | undefined): string {
  if (!value) return "";
  const match = /^(?:(\d+) )?(?:(\d+):)?(\d+):(\d+)(?:\.\d+)?$/.exec(value.trim());
  if (!match) return "";
  const [, days, hours, minutes, seconds] = match;
  const totalHours = Number(days ?? 0) * 24 + Number(hours ?? 0);
  const tail = `${twoDigits(Number(minutes))}:${twoDigits(Number(seconds))}`;
  return totalHours > 0 ? `${totalHours}:${tail}` : tail;
}

/** The label of a file type (``PDF``, ``DOCX``), or ``文件`` without an extension. */
export function fileTypeLabel(extension: string | null | undefined): string {
  const cleaned = (extension ?? "").replace(/^\./, "").trim();
  return cleaned ? cleaned.toUpperCase() : "文件";
}

/** The Vant icon of a file type. */
export function fileIcon(extension: string | null | undefined): string {
  const type = (extension ?? "").toLowerCase();
  if (["jpg", "jpeg", "png", "gif", "webp"].includes(type)) return "photo-o";
  if (["mp4", "mov", "webm", "m4v"].includes(type)) return "video-o";
  if (["zip", "rar", "7z"].includes(type)) return "bag-o";
  return "description";
}
