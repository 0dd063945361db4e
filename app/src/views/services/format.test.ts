import { describe, expect, it } from "vitest";

import { dateText, dateTimeText, initial, moneyText, statusTagType, wishProgress } from "@/views/services/format";

describe("the services' values as shown", () => {
  it("shows dates and times of the API in Beijing time as given", () => {
    expect(dateText("2026-12-03T08:50:33.486+08:00")).toBe("2026-12-03");
    expect(dateTimeText("2026-12-03T08:50:33.486+08:00")).toBe("2026-12-03 08:50");
    expect(dateText("2027-01-02")).toBe("2027-01-02");
    expect(dateText(null)).toBe("");
    expect(dateTimeText(undefined)).toBe("");
  });

  it("shows money with the yuan sign and two decimals", () => {
    expect(moneyText("120.00")).toBe("¥120.00");
    expect(moneyText("5999")).toBe("¥5999.00");
    expect(moneyText(12.3)).toBe("¥12.30");
    expect(moneyText(null)).toBe("");
    expect(moneyText("abc")).toBe("");
  });

  it("colours waiting orange, done green and refused red", () => {
    expect(statusTagType("pending")).toBe("warning");
    expect(statusTagType("approved")).toBe("success");
    expect(statusTagType("rejected")).toBe("danger");
    expect(statusTagType("open")).toBe("warning");
    expect(statusTagType("replied")).toBe("success");
    expect(statusTagType("sent")).toBe("warning");
    expect(statusTagType("published")).toBe("primary");
    expect(statusTagType("something-new")).toBe("default");
  });

  it("tells the claimer what a wish waits for", () => {
    expect(wishProgress({ status: "claimed", claimed_by_me: true, fulfilled_at: null })).toBe("待登记完成情况");
    expect(wishProgress({ status: "claimed", claimed_by_me: true, fulfilled_at: "2026-12-03T10:00:00+08:00" })).toBe(
      "已登记完成情况，待支部确认",
    );
    expect(wishProgress({ status: "completed", claimed_by_me: true })).toBe("支部已确认完成");
    expect(wishProgress({ status: "published", claimed_by_me: false })).toBe("");
  });

  it("takes a name's first character for an avatar", () => {
    expect(initial("赖廷贵")).toBe("赖");
    expect(initial("  ")).toBe("?");
  });
});
