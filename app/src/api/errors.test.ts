import { describe, expect, it } from "vitest";

import { ApiFailure, NetworkFailure, errorText, failureFrom } from "@/api/errors";

describe("failures of the API as the member reads them", () => {
  it("keeps the API's Chinese message, code and field messages", () => {
    const failure = failureFrom(422, {
      code: "validation_error",
      message: "提交的内容有误。",
      fields: { new_password: ["密码太短。", "密码太常见。"] },
    });
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure.code).toBe("validation_error");
    expect(errorText(failure)).toBe("提交的内容有误。");
    expect(failure.fieldMessage("new_password")).toBe("密码太短。；密码太常见。");
    expect(failure.fieldMessage("other")).toBe("");
  });

  it("says something Chinese for a body that is not the API's error shape", () => {
    expect(failureFrom(502, "<html>Bad gateway</html>").message).toBe("服务器暂时无法处理，请稍后重试。");
    expect(failureFrom(418, null).message).toBe("请求未能完成（418）。");
  });

  it("names a network failure and hides unexpected exceptions", () => {
    expect(errorText(new NetworkFailure())).toBe("网络连接失败，请检查网络后重试。");
    expect(errorText(new TypeError("x is undefined"))).toBe("操作未能完成，请重试。");
  });
});
