import { describe, expect, it } from "vitest";

import {
  changeRequestTag,
  duesMonthTag,
  initials,
  meetingResponseTag,
  meetingStateTag,
} from "@/views/mine/format";

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
