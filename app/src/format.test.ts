import { describe, expect, it } from "vitest";

import {
  cents,
  dateText,
  dateTimeText,
  localDateText,
  localDateTimeText,
  money,
  monthLabel,
  monthOf,
  percent,
  sizeText,
  timeRange,
} from "@/format";

const MB = 1024 * 1024;

describe("the API's dates as written", () => {
  it("shows dates and times of the API in Beijing time as given", () => {
    expect(dateText("2026-12-03T08:50:33.486+08:00")).toBe("2026-12-03");
    expect(dateTimeText("2026-12-03T08:50:33.486+08:00")).toBe("2026-12-03 08:50");
    expect(dateText("2027-01-02")).toBe("2027-01-02");
    expect(dateText(null)).toBe("");
    expect(dateTimeText(undefined)).toBe("");
    expect(dateText("2026-05-01")).toBe("2026-05-01");
    expect(dateTimeText("2026-05-01T09:30:12.123+08:00")).toBe("2026-05-01 09:30");
    expect(dateTimeText(null)).toBe("");
  });

  it("shows the API's local times as written, with a dash for none where asked", () => {
    expect(dateText("2026-11-20T14:00:00+08:00", "—")).toBe("2026-11-20");
    expect(dateText(null, "—")).toBe("—");
    expect(dateTimeText("2026-11-20T14:05:09+08:00", "—")).toBe("2026-11-20 14:05");
  });

  it("shortens a meeting on one day and keeps both days otherwise", () => {
    expect(timeRange("2026-11-20T14:00:00+08:00", "2026-11-20T16:00:00+08:00")).toBe("2026-11-20 14:00–16:00");
    expect(timeRange("2026-11-20T14:00:00+08:00", "2026-11-21T09:00:00+08:00")).toBe(
      "2026-11-20 14:00 至 2026-11-21 09:00",
    );
  });

  it("names months", () => {
    expect(monthLabel("2026-03")).toBe("2026年3月");
    expect(monthOf(new Date(2026, 0, 31))).toBe("2026-01");
  });
});

describe("localDateText", () => {
  it("keeps a date", () => {
    expect(localDateText("2026-05-03")).toBe("2026-05-03");
  });
  it("takes the day of a date-time in the phone's time zone", () => {
    const moment = new Date(2026, 4, 3, 23, 30);
    expect(localDateText(moment.toISOString())).toBe("2026-05-03");
  });
  it("is empty for nothing", () => {
    expect(localDateText(null)).toBe("");
    expect(localDateText(undefined)).toBe("");
    expect(localDateText("")).toBe("");
    expect(localDateText("不是日期")).toBe("");
  });
});

describe("localDateTimeText", () => {
  it("shows hours and minutes", () => {
    const moment = new Date(2026, 0, 9, 8, 5);
    expect(localDateTimeText(moment.toISOString())).toBe("2026-01-09 08:05");
  });
});

describe("money", () => {
  it("reads decimal strings in fen without floating-point error", () => {
    expect(cents("0.20")).toBe(20);
    expect(cents("12.3")).toBe(1230);
    expect(cents("1000")).toBe(100000);
    expect(cents("-5.01")).toBe(-501);
    expect(cents("")).toBe(0);
    expect(cents(null)).toBe(0);
    expect(cents("abc")).toBe(0);
  });

  it("shows yuan with two decimals", () => {
    expect(money("0.2")).toBe("¥0.20");
    expect(money("1234.5")).toBe("¥1234.50");
    expect(money("-40.00")).toBe("-¥40.00");
    expect(money("0.1")).toBe("¥0.10");
    expect(money("120.00")).toBe("¥120.00");
    expect(money("5999")).toBe("¥5999.00");
    expect(money(12.3)).toBe("¥12.30");
    expect(money(null)).toBe("");
    expect(money("abc")).toBe("");
  });

  it("shows rates as percentages", () => {
    expect(percent("0.0050")).toBe("0.5%");
    expect(percent("0.0100")).toBe("1%");
    expect(percent("0.0150")).toBe("1.5%");
    expect(percent("0.0200")).toBe("2%");
    expect(percent(null)).toBe("—");
  });
});

describe("sizes", () => {
  it("shows sizes in KB or MB", () => {
    expect(sizeText(300)).toBe("1 KB");
    expect(sizeText(356 * 1024)).toBe("356 KB");
    expect(sizeText(1.25 * MB)).toBe("1.3 MB");
    expect(sizeText(512)).toBe("1 KB");
    expect(sizeText(150 * 1024)).toBe("150 KB");
    expect(sizeText(3.25 * MB)).toBe("3.3 MB");
  });
});
