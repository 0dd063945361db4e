import { describe, expect, it } from "vitest";

import { ApiFailure } from "@/api/errors";
import { clearFieldErrors, spreadFieldErrors } from "@/views/services/forms";
import { tabFrom } from "@/views/services/tabs";

describe("the API's refusals on a form", () => {
  it("puts each field's messages next to the field and clears the old ones", () => {
    const errors: Record<string, string> = { body: "旧的错误" };
    const failure = new ApiFailure(422, {
      code: "validation_error",
      message: "请检查填写的内容。",
      fields: { subject: ["请填写主题。"], recipient_kind: ["书记尚未设置接收邮箱。"] },
    });
    const rest = spreadFieldErrors(errors, failure, ["recipient", "subject", "body"], { recipient_kind: "recipient" });
    expect(rest).toBe("");
    expect(errors).toEqual({ subject: "请填写主题。", recipient: "书记尚未设置接收邮箱。" });
  });

  it("returns the message for a toast when no field of the form is named", () => {
    const errors: Record<string, string> = {};
    const failure = new ApiFailure(403, { code: "permission_denied", message: "只有在册党员可以使用此功能。" });
    expect(spreadFieldErrors(errors, failure, ["title"])).toBe("只有在册党员可以使用此功能。");
    expect(errors).toEqual({});
  });

  it("clears the errors", () => {
    const errors: Record<string, string> = { a: "x" };
    clearFieldErrors(errors);
    expect(errors).toEqual({});
  });
});

describe("the tab in the address", () => {
  it("is one of the screen's tabs, else the first", () => {
    expect(tabFrom("mine", ["all", "mine"] as const)).toBe("mine");
    expect(tabFrom("other", ["all", "mine"] as const)).toBe("all");
    expect(tabFrom(undefined, ["open", "mine"] as const)).toBe("open");
    expect(tabFrom(["mine"], ["open", "mine"] as const)).toBe("open");
  });
});
