import { describe, expect, it } from "vitest";

import { daysLeft, sortedSeats, termTag, termText } from "@/views/mine/branch";

const TERM = { starts_on: "2024-01-01", ends_on: "2026-12-31" };

describe("termText", () => {
  it("reads the dates, or says none is registered", () => {
    expect(termText(TERM)).toBe("2024-01-01 至 2026-12-31");
    expect(termText(null)).toBe("尚未登记");
  });
});

describe("termTag", () => {
  it("is empty far from the end", () => {
    expect(termTag(TERM, new Date(2026, 5, 30))).toBe("");
  });

  it("warns within 183 days and on the last day", () => {
    expect(daysLeft(TERM, new Date(2026, 6, 1))).toBe(183);
    expect(termTag(TERM, new Date(2026, 6, 1))).toBe("即将届满");
    expect(termTag(TERM, new Date(2026, 11, 31))).toBe("即将届满");
  });

  it("says the term has ended from the next day", () => {
    expect(termTag(TERM, new Date(2027, 0, 1))).toBe("已届满");
    expect(termTag(null, new Date(2027, 0, 1))).toBe("");
  });
});

describe("sortedSeats", () => {
  it("puts the 书记 first and keeps the order within a post", () => {
    const seats = [
      { name: "甲", post: "member", post_label: "委员" },
      { name: "乙", post: "organisation", post_label: "组织委员" },
      { name: "丙", post: "secretary", post_label: "书记" },
      { name: "丁", post: "member", post_label: "委员" },
    ];
    expect(sortedSeats(seats).map((seat) => seat.name)).toEqual(["丙", "乙", "甲", "丁"]);
  });
});
