import { describe, expect, it } from "vitest";

import {
  cents,
  changeRequestTag,
  duesMonthTag,
  formatDate,
  formatDateTime,
  initials,
  meetingResponseTag,
  meetingStateTag,
  money,
  monthLabel,
  monthOf,
  percent,
  timeRange,
} from "@/views/mine/format";

describe("dates", () => {
  it("shows the API's local times as written", () => {
    expect(formatDate("2026-11-20T14:00:00+08:00")).toBe("2026-11-20");
    expect(formatDate(null)).toBe("—");
    expect(formatDateTime("2026-11-20T14:05:09+08:00")).toBe("2026-11-20 14:05");
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
  });

  it("shows rates as percentages", () => {
    expect(percent("0.0050")).toBe("0.5%");
    expect(percent("0.0100")).toBe("1%");
    expect(percent("0.0150")).toBe("1.5%");
    expect(percent("0.0200")).toBe("2%");
    expect(percent(null)).toBe("—");
  });
});

describe("initials", () => {
  it("uses the given name of a Chinese name", () => {
    expect(initials("赖廷贵")).toBe("廷贵");
    expect(initials("王芳")).toBe("王芳");
    expect(initials("欧阳明月")).toBe("明月");
  });

  it("uses initials of a Latin name and a default without one", () => {
    expect(initials("alice smith")).toBe("AS");
    expect(initials("")).toBe("我");
  });
});

describe("tags", () => {
  it("tells a month's dues state", () => {
    expect(duesMonthTag({ amount_due: "0.20", paid_amount: "0.20" })).toEqual({ label: "已缴", type: "success" });
    expect(duesMonthTag({ amount_due: "40.00", paid_amount: "10.00" }).label).toBe("部分缴纳");
    expect(duesMonthTag({ amount_due: "40.00", paid_amount: "0.00" }).label).toBe("未缴");
    expect(duesMonthTag({ amount_due: "0.00", paid_amount: "0.00" }).label).toBe("免交");
  });

  it("colours change requests by state", () => {
    expect(changeRequestTag("pending", "待审核").type).toBe("warning");
    expect(changeRequestTag("rejected", "已驳回").type).toBe("danger");
    expect(changeRequestTag("other", "？").type).toBe("default");
  });

  it("tells whether a meeting is to come, on or over", () => {
    const meeting = { status: "published", starts_at: "2026-11-20T14:00:00+08:00", ends_at: "2026-11-20T16:00:00+08:00" };
    expect(meetingStateTag(meeting, new Date("2026-11-20T05:00:00Z")).label).toBe("未开始");
    expect(meetingStateTag(meeting, new Date("2026-11-20T07:00:00Z")).label).toBe("进行中");
    expect(meetingStateTag(meeting, new Date("2026-11-20T09:00:00Z")).label).toBe("已结束");
    expect(meetingStateTag({ ...meeting, status: "closed" }, new Date("2026-11-20T05:00:00Z")).label).toBe("已结束");
  });

  it("puts having checked in before the answer", () => {
    const answer = { my_response: "signed_up", my_response_label: "已报名", attended: false };
    expect(meetingResponseTag(answer)).toEqual({ label: "已报名", type: "primary" });
    expect(meetingResponseTag({ ...answer, attended: true }).label).toBe("已签到");
    expect(meetingResponseTag({ my_response: "leave", my_response_label: "请假", attended: false }).type).toBe("warning");
  });
});
