import { describe, expect, it, vi } from "vitest";

import {
  attachmentProblem,
  filterQuery,
  fitWithin,
  photoName,
  photoNeedsShrinking,
  remainingSlots,
  reviewCommentProblem,
  sendResponse,
  statusTag,
  taskPercent,
  taskProgress,
  verdictTag,
  type InspectionTask,
  type QueuedFile,
} from "@/views/supervision/supervision";

function file(name: string, size = 1000): File {
  return new File([new Uint8Array(Math.min(size, 10))], name);
}

describe("tags", () => {
  it("gives each state its own look", () => {
    expect(statusTag("pending").type).toBe("warning");
    expect(statusTag("returned").type).toBe("danger");
    expect(statusTag("accepted").type).toBe("success");
    expect(statusTag("submitted")).toEqual({ type: "primary", plain: true });
    expect(statusTag("unknown").type).toBe("default");
    expect(verdictTag("fail").type).toBe("danger");
    expect(verdictTag("pass").type).toBe("success");
    expect(verdictTag("pending").plain).toBe(true);
  });
});

describe("task progress", () => {
  const task = {
    target_count: 4,
    pending_count: 1,
    submitted_count: 2,
    accepted_count: 1,
    overdue_count: 0,
  } as InspectionTask;
  it("says where the branches are", () => {
    expect(taskProgress(task)).toBe("共 4 个支部 · 待反馈 1 · 待审核 2 · 已通过 1");
    expect(taskPercent(task)).toBe(25);
    expect(taskPercent({ ...task, target_count: 0 })).toBe(0);
  });
});

describe("attachments", () => {
  it("refuses what the server refuses, in Chinese", () => {
    expect(attachmentProblem({ name: "记录.PDF", size: 1000 })).toBeNull();
    expect(attachmentProblem({ name: "照片.jpg", size: 1000 })).toBeNull();
    expect(attachmentProblem({ name: "程序.exe", size: 1000 })).toContain("不支持的文件类型（.exe）");
    expect(attachmentProblem({ name: "无扩展名", size: 1000 })).toContain("无扩展名");
    expect(attachmentProblem({ name: "大.pdf", size: 21 * 1024 * 1024 })).toContain("不能超过 20 MB");
  });
  it("counts the slots left of ten", () => {
    expect(remainingSlots(3, 2)).toBe(5);
    expect(remainingSlots(8, 5)).toBe(0);
  });
  it("needs a comment to return, not to accept", () => {
    expect(reviewCommentProblem("return", "  ")).toBe("退回时请填写审核意见。");
    expect(reviewCommentProblem("return", "缺签到表")).toBeNull();
    expect(reviewCommentProblem("accept", "")).toBeNull();
  });
});

describe("photos", () => {
  it("scales down to the longest edge, never up", () => {
    expect(fitWithin(4000, 3000, 2048)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(3000, 4000, 2048)).toEqual({ width: 1536, height: 2048 });
    expect(fitWithin(800, 600, 2048)).toEqual({ width: 800, height: 600 });
  });
  it("shrinks large photos and types the server does not take", () => {
    expect(photoNeedsShrinking({ name: "a.jpg", type: "image/jpeg", size: 500_000 })).toBe(false);
    expect(photoNeedsShrinking({ name: "a.jpg", type: "image/jpeg", size: 5_000_000 })).toBe(true);
    expect(photoNeedsShrinking({ name: "a.webp", type: "image/webp", size: 1000 })).toBe(true);
    expect(photoNeedsShrinking({ name: "a.pdf", type: "application/pdf", size: 5_000_000 })).toBe(false);
  });
  it("names a shrunk photo by when it was taken", () => {
    expect(photoName(new Date(2026, 4, 1, 9, 3, 7))).toBe("现场照片-20260501-090307.jpg");
  });
});

describe("sending a response", () => {
  it("sends the files one by one, then the text", async () => {
    const photos: QueuedFile[] = [{ file: file("1.jpg") }, { file: file("2.jpg") }];
    const others: QueuedFile[] = [{ file: file("记录.pdf") }];
    const order: string[] = [];
    await sendResponse({
      queues: [photos, others],
      uploadFile: async (sent) => {
        order.push(sent.name);
      },
      submitText: async () => {
        order.push("text");
      },
    });
    expect(order).toEqual(["1.jpg", "2.jpg", "记录.pdf", "text"]);
    expect(photos).toEqual([]);
    expect(others).toEqual([]);
  });

  it("stops at a failed file, keeps it and what follows, and does not send the text", async () => {
    const photos: QueuedFile[] = [{ file: file("1.jpg") }, { file: file("2.jpg") }, { file: file("3.jpg") }];
    const submitText = vi.fn(async () => undefined);
    const uploadFile = vi.fn(async (sent: File) => {
      if (sent.name === "2.jpg") throw new Error("网络连接失败");
    });
    await expect(sendResponse({ queues: [photos], uploadFile, submitText })).rejects.toThrow("网络连接失败");
    expect(submitText).not.toHaveBeenCalled();
    expect(photos.map((item) => [item.file?.name, item.status])).toEqual([
      ["2.jpg", "failed"],
      ["3.jpg", undefined],
    ]);

    // Trying again sends only what had not gone.
    uploadFile.mockImplementation(async () => undefined);
    await sendResponse({ queues: [photos], uploadFile, submitText });
    expect(uploadFile.mock.calls.map(([sent]) => sent.name)).toEqual(["1.jpg", "2.jpg", "2.jpg", "3.jpg"]);
    expect(submitText).toHaveBeenCalledTimes(1);
  });
});

describe("the 全部 filter", () => {
  it("turns into the list's query", () => {
    expect(filterQuery("")).toEqual({});
    expect(filterQuery("returned")).toEqual({ status: "returned" });
    expect(filterQuery("overdue")).toEqual({ overdue: true });
  });
});
