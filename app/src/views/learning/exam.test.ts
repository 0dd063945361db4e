import { describe, expect, it } from "vitest";

import {
  StudyClock,
  choose,
  clockOffset,
  countdownText,
  isUrgent,
  optionLetter,
  secondsLeft,
  studyPercent,
  unanswered,
} from "@/views/learning/exam";

describe("countdown", () => {
  const deadline = "2026-07-01T09:10:00+08:00";
  const serverNow = "2026-07-01T09:00:00+08:00";

  it("counts on the server's clock even when the device's is wrong", () => {
    const deviceAhead = new Date(serverNow).getTime() + 5 * 60_000; // the phone runs 5 min fast
    const offset = clockOffset(serverNow, deviceAhead);
    expect(secondsLeft(deadline, offset, deviceAhead)).toBe(600);
    expect(secondsLeft(deadline, offset, deviceAhead + 599_500)).toBe(0);
    expect(secondsLeft(deadline, offset, deviceAhead + 599_000)).toBe(1);
  });

  it("never goes below zero at and after the deadline", () => {
    const at = new Date(deadline).getTime();
    expect(secondsLeft(deadline, 0, at)).toBe(0);
    expect(secondsLeft(deadline, 0, at + 30_000)).toBe(0);
  });

  it("reads mm:ss, h:mm:ss from an hour, and turns urgent in the last minute", () => {
    expect(countdownText(600)).toBe("10:00");
    expect(countdownText(61)).toBe("01:01");
    expect(countdownText(0)).toBe("00:00");
    expect(countdownText(-5)).toBe("00:00");
    expect(countdownText(3661)).toBe("1:01:01");
    expect(isUrgent(61)).toBe(false);
    expect(isUrgent(60)).toBe(true);
  });
});

describe("answers", () => {
  it("keeps one choice for single-choice and true/false questions", () => {
    expect(choose("single", [1], 2)).toEqual([2]);
    expect(choose("single", [2], 2)).toEqual([2]);
    expect(choose("true_false", [], 0)).toEqual([0]);
  });

  it("toggles options of a multiple-choice question, sorted", () => {
    expect(choose("multiple", [], 2)).toEqual([2]);
    expect(choose("multiple", [2], 0)).toEqual([0, 2]);
    expect(choose("multiple", [0, 2], 2)).toEqual([0]);
    expect(choose("multiple", [0], 0)).toEqual([]);
  });

  it("lists the unanswered questions in paper order", () => {
    const questions = [
      { id: 3, kind: "single" },
      { id: 1, kind: "multiple" },
      { id: 2, kind: "true_false" },
    ];
    expect(unanswered(questions, { "3": [0], "1": [] }).map((q) => q.id)).toEqual([1, 2]);
    expect(unanswered(questions, { "3": [0], "1": [0, 1], "2": [1] })).toEqual([]);
  });

  it("names options by letter", () => {
    expect([0, 1, 4].map(optionLetter)).toEqual(["A", "B", "E"]);
  });
});

describe("study clock", () => {
  it("counts only the seconds the lesson was visible", () => {
    const clock = new StudyClock();
    clock.tick(0, true);
    clock.tick(1000, true);
    clock.tick(2000, false);
    clock.tick(3000, true);
    expect(clock.take()).toBe(2);
    expect(clock.take()).toBe(0);
  });

  it("does not count a long sleep of the device", () => {
    const clock = new StudyClock();
    clock.tick(0, true);
    clock.tick(3_600_000, true);
    expect(clock.take()).toBe(2);
  });

  it("reports progress in percent, capped at 100", () => {
    expect(studyPercent(30, 60)).toBe(50);
    expect(studyPercent(90, 60)).toBe(100);
    expect(studyPercent(0, 0)).toBe(100);
  });
});
