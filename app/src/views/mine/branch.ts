/** 我的支部: how the screen reads a term of office and orders the committee. */

export interface TermDates {
  starts_on: string;
  ends_on: string;
}

export interface Seat {
  name: string;
  post: string;
  post_label: string;
}

/** The posts in the order of a roster (书记 first), as the server lists them. */
const POST_ORDER = [
  "secretary",
  "deputy_secretary",
  "organisation",
  "publicity",
  "discipline",
  "youth",
  "united_front",
  "member",
];

/** 「2024-01-01 至 2026-12-31」, or 「尚未登记」 without a term. */
export function termText(term: TermDates | null | undefined): string {
  if (!term) return "尚未登记";
  return `${term.starts_on} 至 ${term.ends_on}`;
}

/** Whole days from ``today`` to the term's last day (negative once it has ended). */
export function daysLeft(term: TermDates, today: Date): number {
  const [year, month, day] = term.ends_on.split("-").map(Number);
  const end = Date.UTC(year, month - 1, day);
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((end - start) / 86_400_000);
}

/** A tag for a term that ends soon: 已届满, or 即将届满 within 183 days; else nothing. */
export function termTag(term: TermDates | null | undefined, today: Date): string {
  if (!term) return "";
  const left = daysLeft(term, today);
  if (left < 0) return "已届满";
  if (left <= 183) return "即将届满";
  return "";
}

/** The committee with the 书记 first, then by post (stable within a post). */
export function sortedSeats<T extends Seat>(seats: T[]): T[] {
  const rank = (post: string) => {
    const found = POST_ORDER.indexOf(post);
    return found === -1 ? POST_ORDER.length : found;
  };
  return [...seats].sort((a, b) => rank(a.post) - rank(b.post));
}
