import { describe, expect, it } from "vitest";

import { initial, statusTagType, wishProgress } from "@/views/services/format";

describe("the services' values as shown", () => {
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
