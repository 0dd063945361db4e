import { describe, expect, it } from "vitest";

import { messageTarget } from "@/links";

describe("where a message opens", () => {
  it("opens the notice, the meeting or the screen of what it is about", () => {
    expect(messageTarget("notice", 12)).toBe("/notices/12");
    expect(messageTarget("meeting", 3)).toBe("/me/meetings/3");
    expect(messageTarget("dues", null)).toBe("/me/dues");
    expect(messageTarget("change_request", 5)).toBe("/me/change-requests");
    expect(messageTarget("inspection_task", 4)).toBe("/supervision");
    expect(messageTarget("wish", 8)).toBe("/wishes/8");
    expect(messageTarget("secretary_letter", 2)).toBe("/letters");
  });

  it("has nowhere to go for a system message", () => {
    expect(messageTarget("", null)).toBeNull();
    expect(messageTarget("moderation", 9)).toBeNull();
  });
});
