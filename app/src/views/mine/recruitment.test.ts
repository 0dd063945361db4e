import { describe, expect, it } from "vitest";

import { type TimelineStep, defaultTitle, stageGroups, stageTitle, stepNote } from "@/views/mine/recruitment";

function step(number: number, stage: number, state: string, extra: Partial<TimelineStep> = {}): TimelineStep {
  return {
    step: number,
    stage,
    stage_name: `阶段${stage}`,
    name: `步骤${number}`,
    state,
    done_on: state === "done" ? "2024-01-10" : null,
    due_on: state === "due" || state === "overdue" ? "2024-02-10" : null,
    late: false,
    ...extra,
  };
}

describe("the recruitment timeline", () => {
  const timeline = [
    step(1, 1, "done"),
    step(2, 1, "done"),
    step(3, 2, "done"),
    step(4, 2, "overdue"),
    step(5, 2, "open"),
    step(6, 3, "open"),
  ];

  it("groups the steps by stage with each stage's state", () => {
    const [first, second, third] = stageGroups(timeline, 2);
    expect(first).toMatchObject({ stage: 1, name: "阶段1", active: 2, tag: { label: "已完成" } });
    expect(second).toMatchObject({ stage: 2, active: 1, overdue: 1, tag: { label: "进行中" } });
    expect(third).toMatchObject({ stage: 3, active: -1, tag: { label: "未开始" } });
  });

  it("starts the current stage at its first step when none is done", () => {
    const [, second] = stageGroups([step(1, 1, "done"), step(2, 2, "due"), step(3, 2, "open")], 2);
    expect(second.active).toBe(0);
    expect(second.tag.label).toBe("进行中");
  });

  it("says when a step was done or is due", () => {
    expect(stepNote(step(1, 1, "done"))).toBe("2024-01-10 完成");
    expect(stepNote(step(2, 1, "due"))).toBe("应于 2024-02-10 前完成");
    expect(stepNote(step(2, 1, "overdue"))).toBe("已逾期，应于 2024-02-10 前完成");
    expect(stepNote(step(2, 1, "open"))).toBe("");
  });

  it("names stages and default titles", () => {
    expect(stageTitle(3)).toBe("第三阶段");
    expect(defaultTitle("application")).toBe("入党申请书");
    expect(defaultTitle("thought_report", new Date(2026, 10, 3))).toBe("2026年第四季度思想汇报");
    expect(defaultTitle("thought_report", new Date(2026, 0, 3))).toBe("2026年第一季度思想汇报");
  });
});
