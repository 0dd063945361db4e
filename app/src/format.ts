/**
 * How the app shows dates, times, money and file sizes.
 *
 * The API writes times in Beijing time with their offset (``2026-11-20T14:00:00+08:00``) and
 * they are shown as written (dateText, dateTimeText): the member's day, on any phone. What the
 * phone itself knows (today's month, when a copy was saved) is shown in the phone's time zone
 * (the ``local`` functions, monthOf). Money comes as decimal strings and is read in whole fen,
 * never as floats.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** ``05`` of 5: a two-digit part of a date, a time or a duration. */
export function twoDigits(value: number): string {
  return String(value).padStart(2, "0");
}

/** ``2026-11-20`` of an API date or date-time, as written; ``empty`` when there is none. */
export function dateText(value: string | null | undefined, empty = ""): string {
  return value ? value.slice(0, 10) : empty;
}

/** ``2026-11-20 14:00`` of an API date-time, as written; ``empty`` when there is none. */
export function dateTimeText(value: string | null | undefined, empty = ""): string {
  return value ? value.slice(0, 16).replace("T", " ") : empty;
}

/** A meeting's time: ``2026-11-20 14:00–16:00``, or both ends in full when it spans days. */
export function timeRange(start: string, end: string): string {
  const from = dateTimeText(start);
  const to = dateTimeText(end);
  return from.slice(0, 10) === to.slice(0, 10) ? `${from}–${to.slice(11)}` : `${from} 至 ${to}`;
}

/** ``2026-11`` → ``2026年11月``. */
export function monthLabel(month: string): string {
  const [year, number] = month.split("-");
  return `${year}年${Number(number)}月`;
}

/** The month of a date as the API writes it (``2026-11``), in the phone's local time. */
export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}`;
}

/** ``2026-05-03`` of a moment in the phone's time zone: a Date, or an API date (kept as it is)
 * or date-time; empty for nothing or something unreadable. */
export function localDateText(value: Date | string | null | undefined): string {
  if (!value) return "";
  if (typeof value === "string" && value.length === 10 && DATE.test(value)) return value;
  const moment = new Date(value);
  if (Number.isNaN(moment.getTime())) return typeof value === "string" ? (DATE.exec(value)?.[0] ?? "") : "";
  return `${moment.getFullYear()}-${twoDigits(moment.getMonth() + 1)}-${twoDigits(moment.getDate())}`;
}

/** ``2026-05-03 08:50`` of a moment in the phone's time zone. */
export function localDateTimeText(value: Date | string | null | undefined): string {
  if (!value) return "";
  const moment = new Date(value);
  if (Number.isNaN(moment.getTime())) return localDateText(value);
  return `${localDateText(value)} ${twoDigits(moment.getHours())}:${twoDigits(moment.getMinutes())}`;
}

/** A decimal amount (``"-12.3"``, ``"0.20"``, ``12.3``) in whole fen; null when it is not one. */
function centsOrNull(amount: string | number | null | undefined): number | null {
  const text = String(amount ?? "").trim();
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!text || !match) return null;
  const [, sign, yuan, fraction = ""] = match;
  const value = Number(yuan || "0") * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
  return sign ? -value : value;
}

/** A decimal amount in whole fen, without floating-point error; 0 for none. */
export function cents(amount: string | number | null | undefined): number {
  return centsOrNull(amount) ?? 0;
}

/** Money as people read it: ``¥12.34``, ``-¥5.00``; empty for none. */
export function money(amount: string | number | null | undefined): string {
  const value = centsOrNull(amount);
  if (value === null) return "";
  const absolute = Math.abs(value);
  const text = `¥${Math.floor(absolute / 100)}.${twoDigits(absolute % 100)}`;
  return value < 0 ? `-${text}` : text;
}

/** A rate of the dues table (``"0.0050"``) as a percentage: ``0.5%``. */
export function percent(rate: string | null | undefined): string {
  if (!rate) return "—";
  const value = Math.round(Number(rate) * 1_000_000) / 10_000;
  return `${Number(value.toFixed(4))}%`;
}

/** A file's size: ``3.2 MB``, ``120 KB`` (at least ``1 KB``). */
export function sizeText(bytes: number): string {
  const megabyte = 1024 * 1024;
  if (bytes >= megabyte) return `${(bytes / megabyte).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
