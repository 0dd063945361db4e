/**
 * The logic of 学习教育's screens, kept apart from the components so vitest checks it: the exam's
 * countdown (on the server's clock: the device's may be wrong), choosing answers by question
 * kind, what is still unanswered, and the study clock that reports the time a lesson was on
 * screen (the server credits no more than the time that really passed between two reports).
 */

export type QuestionKind = "single" | "multiple" | "true_false" | string;

export interface PaperQuestion {
  id: number;
  kind: QuestionKind;
}

export type Answers = Record<string, number[]>;

/** The difference (ms) between the server's clock and the device's when the paper arrived. */
export function clockOffset(serverTime: string, receivedAt: number): number {
  return new Date(serverTime).getTime() - receivedAt;
}

/** Whole seconds left before ``deadline`` at device time ``now``, on the server's clock; never
 * negative. */
export function secondsLeft(deadline: string, offset: number, now: number): number {
  const left = (new Date(deadline).getTime() - (now + offset)) / 1000;
  return Math.max(0, Math.floor(left));
}

/** ``mm:ss`` (``h:mm:ss`` from an hour). */
export function countdownText(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  const two = (value: number) => String(value).padStart(2, "0");
  return hours ? `${hours}:${two(minutes)}:${two(rest)}` : `${two(minutes)}:${two(rest)}`;
}

/** Under a minute left: the countdown turns red. */
export function isUrgent(seconds: number): boolean {
  return seconds <= 60;
}

/** The choices after tapping option ``index``: a single-choice or true/false question keeps one
 * (tapping it again keeps it), a multiple-choice question toggles the option. Sorted. */
export function choose(kind: QuestionKind, current: readonly number[], index: number): number[] {
  if (kind !== "multiple") return [index];
  const chosen = new Set(current);
  if (chosen.has(index)) chosen.delete(index);
  else chosen.add(index);
  return [...chosen].sort((a, b) => a - b);
}

/** The questions without an answer, in paper order. */
export function unanswered(questions: readonly PaperQuestion[], answers: Answers): PaperQuestion[] {
  return questions.filter((question) => !(answers[String(question.id)]?.length));
}

/** The option letter of index ``index`` (A, B, …). */
export function optionLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** Study progress of a lesson in percent (0–100). */
export function studyPercent(seconds: number, required: number): number {
  if (required <= 0) return 100;
  return Math.min(100, Math.floor((seconds * 100) / required));
}

/**
 * Counts the seconds a lesson was on screen since the last report. ``tick(now, visible)`` is
 * called every second; ``take()`` returns the seconds to report and starts again.
 */
export class StudyClock {
  private last: number | null = null;
  private pending = 0;

  tick(now: number, visible: boolean): void {
    if (this.last !== null && visible) {
      // A sleeping device wakes with a long gap: count at most the tick interval's worth.
      this.pending += Math.min(2, Math.max(0, (now - this.last) / 1000));
    }
    this.last = now;
  }

  take(): number {
    const seconds = Math.floor(this.pending);
    this.pending -= seconds;
    return seconds;
  }
}
