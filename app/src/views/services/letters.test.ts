import { describe, expect, it } from "vitest";

import { letterPayload, recipientOptions } from "@/views/services/letters";

describe("whom a letter goes to", () => {
  const options = recipientOptions([
    { id: 1, name: "中共慈利县委员会" },
    { id: 5, name: "技术支持部委员会" },
  ]);

  it("offers the branch secretary first, then the higher mailboxes, top first", () => {
    expect(options.map((option) => option.title)).toEqual([
      "本支部书记",
      "中共慈利县委员会书记信箱",
      "技术支持部委员会书记信箱",
    ]);
    expect(options[1].label).toBe("最上级党组织（管理部门）");
    expect(options[2].label).toBe("上级党组织");
  });

  it("sends the branch secretary without an addressee and a mailbox with it", () => {
    expect(letterPayload(options[0], " 主题 ", " 正文\n")).toEqual({
      recipient_kind: "branch_secretary",
      addressee_id: null,
      subject: "主题",
      body: "正文",
    });
    expect(letterPayload(options[2], "a", "b")).toMatchObject({ recipient_kind: "mailbox", addressee_id: 5 });
  });

  it("offers only the branch secretary to a member whose branch is the top organisation", () => {
    expect(recipientOptions([]).map((option) => option.key)).toEqual(["branch"]);
  });
});
