/**
 * 我的入党进程's logic: the 25 steps grouped into their five stages, each stage's state and the
 * step the timeline is at, how a step's date reads, and the default title of a submission.
 */
import type { components } from "@/api/schema";
import type { Tag } from "@/views/mine/format";

export type TimelineStep = components["schemas"]["TimelineStep"];

export interface StageGroup {
  stage: number;
  name: string;
  steps: TimelineStep[];
  /** The index (in ``steps``) of the step in progress: ``steps.length`` when all are done, -1
   * when the stage has not begun (van-steps' ``active``). */
  active: number;
  tag: Tag;
  overdue: number;
}

const STAGE_NUMBERS = ["一", "二", "三", "四", "五"];

/** ``第一阶段``. */
export function stageTitle(stage: number): string {
  return `第${STAGE_NUMBERS[stage - 1] ?? stage}阶段`;
}

/** The timeline by stage, in order. ``current`` is the candidate's stage (of the next step). */
export function stageGroups(timeline: TimelineStep[], current: number): StageGroup[] {
  const byStage = new Map<number, TimelineStep[]>();
  for (const step of timeline) {
    const steps = byStage.get(step.stage) ?? [];
    steps.push(step);
    byStage.set(step.stage, steps);
  }
  return [...byStage.entries()]
    .sort(([a], [b]) => a - b)
    .map(([stage, steps]) => {
      const done = steps.filter((step) => step.state === "done").length;
      const firstOpen = steps.findIndex((step) => step.state !== "done");
      const complete = firstOpen === -1;
      const begun = done > 0 || stage <= current;
      let tag: Tag = { label: "未开始", type: "default" };
      if (complete) tag = { label: "已完成", type: "success" };
      else if (begun) tag = { label: "进行中", type: "primary" };
      return {
        stage,
        name: steps[0]?.stage_name ?? "",
        steps,
        active: complete ? steps.length : begun ? firstOpen : -1,
        tag,
        overdue: steps.filter((step) => step.state === "overdue").length,
      };
    });
}

/** What a step's line under its name says. */
export function stepNote(step: TimelineStep): string {
  if (step.state === "done") return step.done_on ? `${step.done_on} 完成` : "已完成";
  if (step.state === "overdue") return `已逾期，应于 ${step.due_on} 前完成`;
  if (step.state === "due") return `应于 ${step.due_on} 前完成`;
  return "";
}

/** The title a new submission starts with: 入党申请书, or the quarter's 思想汇报. */
export function defaultTitle(kind: string, today: Date = new Date()): string {
  if (kind === "application") return "入党申请书";
  const quarter = Math.floor(today.getMonth() / 3) + 1;
  return `${today.getFullYear()}年第${STAGE_NUMBERS[quarter - 1]}季度思想汇报`;
}
