/** How dates, durations and files of the content are shown: ``YYYY-MM-DD``, ``YYYY-MM-DD HH:mm``,
 * ``1:02:03``, ``PDF``. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** ``2026-05-03`` of a date (``2026-05-03``) or a date-time (``2026-05-03T08:50:34+08:00``:
 * the day in the phone's time zone); empty for nothing or something unreadable. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  if (value.length === 10 && DATE.test(value)) return value;
  const moment = new Date(value);
  if (Number.isNaN(moment.getTime())) return DATE.exec(value)?.[0] ?? "";
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}

/** ``2026-05-03 08:50`` of a date-time, in the phone's time zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "";
  const moment = new Date(value);
  if (Number.isNaN(moment.getTime())) return formatDate(value);
  return `${formatDate(value)} ${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

/** A duration as the API gives it (Django's ``[D ]HH:MM:SS[.ffffff]``) as a player shows it:
 * ``12:30``, ``1:02:03``; empty for nothing. */
export function formatDuration(value: string | null | undefined): string {
  if (!value) return "";
  const match = /^(?:(\d+) )?(?:(\d+):)?(\d+):(\d+)(?:\.\d+)?$/.exec(value.trim());
  if (!match) return "";
  const [, days, hours, minutes, seconds] = match;
  const totalHours = Number(days ?? 0) * 24 + Number(hours ?? 0);
  const tail = `${pad(Number(minutes))}:${pad(Number(seconds))}`;
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
