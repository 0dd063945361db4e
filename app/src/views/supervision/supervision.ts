/**
 * The logic of the 督查 screens: how states look (tags), what may be attached (the
 * server's rules, so a wrong file is refused before it is sent), shrinking camera photos, and
 * sending a response (its files first, one by one, then the text).
 */
import type { components } from "@/api/schema";
import { sizeText, twoDigits } from "@/format";

export type Assignment = components["schemas"]["AssignmentOut"];
export type AssignmentDetail = components["schemas"]["AssignmentDetailOut"];
export type InspectionTask = components["schemas"]["InspectionTaskOut"];
export type InspectionTaskDetail = components["schemas"]["InspectionTaskDetailOut"];
export type MeetingInspection = components["schemas"]["MeetingInspectionOut"];
export type AssignmentStatus = components["schemas"]["AssignmentStatus"];

export type TagType = "primary" | "success" | "danger" | "warning" | "default";

export interface Tag {
  type: TagType;
  plain: boolean;
}

/** 待反馈 · 已反馈 · 已通过 · 已退回. */
export function statusTag(status: string): Tag {
  switch (status) {
    case "pending":
      return { type: "warning", plain: false };
    case "submitted":
      return { type: "primary", plain: true };
    case "accepted":
      return { type: "success", plain: false };
    case "returned":
      return { type: "danger", plain: false };
    default:
      return { type: "default", plain: false };
  }
}

/** 待评 · 合格 · 不合格 of a 随机抽查. */
export function verdictTag(verdict: string): Tag {
  switch (verdict) {
    case "pass":
      return { type: "success", plain: false };
    case "fail":
      return { type: "danger", plain: false };
    default:
      return { type: "warning", plain: true };
  }
}

/** A task's progress in one line: how many branches, and where they are. */
export function taskProgress(task: InspectionTask): string {
  const parts = [`共 ${task.target_count} 个支部`];
  if (task.pending_count) parts.push(`待反馈 ${task.pending_count}`);
  if (task.submitted_count) parts.push(`待审核 ${task.submitted_count}`);
  if (task.accepted_count) parts.push(`已通过 ${task.accepted_count}`);
  return parts.join(" · ");
}

/** The share of branches whose response was accepted, 0–100. */
export function taskPercent(task: InspectionTask): number {
  return task.target_count ? Math.round((task.accepted_count / task.target_count) * 100) : 0;
}

/** At most this many files on one response (services.MAX_ATTACHMENTS). */
export const MAX_ATTACHMENTS = 10;

/** The types the server accepts for a response's attachment (uploads.DOCUMENT_EXTENSIONS). */
export const ATTACHMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "wps", "jpg", "jpeg", "png"];

/** The uploader's ``accept`` for attachments. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((extension) => `.${extension}`).join(",");

/** The largest attachment the server stores (uploads.MAX_SIZE["document"]). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** Why ``file`` cannot be attached (in Chinese), or null when it can. */
export function attachmentProblem(file: { name: string; size: number }): string | null {
  const extension = extensionOf(file.name);
  if (!ATTACHMENT_EXTENSIONS.includes(extension)) {
    return `不支持的文件类型（${extension ? `.${extension}` : "无扩展名"}），请上传 PDF、Word、Excel、PPT、文本或 JPG、PNG 图片。`;
  }
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return `文件过大（${sizeText(file.size)}），不能超过 20 MB。`;
  }
  return null;
}

/** How many more files the response can take. */
export function remainingSlots(saved: number, queued: number): number {
  return Math.max(0, MAX_ATTACHMENTS - saved - queued);
}

/** The reviewer's comment, or why it is missing: 退回 needs one. */
export function reviewCommentProblem(action: "accept" | "return", comment: string): string | null {
  return action === "return" && !comment.trim() ? "退回时请填写审核意见。" : null;
}

/** The longest edge of a photo sent from the phone: enough to read a document in it. */
export const PHOTO_MAX_EDGE = 2048;

/** A photo of this many bytes or fewer is sent as taken. */
export const PHOTO_KEEP_BYTES = 1.5 * 1024 * 1024;

/** ``width`` × ``height`` scaled down (never up) so that the longer edge is at most ``edge``. */
export function fitWithin(width: number, height: number, edge: number): { width: number; height: number } {
  const scale = Math.min(1, edge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Whether a chosen image needs re-encoding as JPEG: too large, or a type the server refuses. */
export function photoNeedsShrinking(file: { name: string; type: string; size: number }): boolean {
  if (!file.type.startsWith("image/")) return false;
  const extension = extensionOf(file.name);
  return file.size > PHOTO_KEEP_BYTES || !["jpg", "jpeg", "png"].includes(extension);
}

/** ``现场照片-20260501-093012.jpg``. */
export function photoName(now: Date): string {
  const date = `${now.getFullYear()}${twoDigits(now.getMonth() + 1)}${twoDigits(now.getDate())}`;
  const time = `${twoDigits(now.getHours())}${twoDigits(now.getMinutes())}${twoDigits(now.getSeconds())}`;
  return `现场照片-${date}-${time}.jpg`;
}

/**
 * A camera photo ready to send: a large one (or one in a type the server does not take, such
 * as WebP) is redrawn at most PHOTO_MAX_EDGE wide as a JPEG; any other file, or a photo the
 * browser cannot decode, is returned as it is (the server then says what is wrong).
 */
export async function preparePhoto(file: File): Promise<File> {
  if (!photoNeedsShrinking(file) || typeof createImageBitmap !== "function") return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const size = fitWithin(bitmap.width, bitmap.height, PHOTO_MAX_EDGE);
    const canvas = document.createElement("canvas");
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext("2d");
    if (!context) return file;
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    if (!blob) return file;
    return new File([blob], photoName(new Date()), { type: "image/jpeg" });
  } catch {
    return file;
  }
}

/** One file waiting to be sent with the response (the uploader's list item). */
export interface QueuedFile {
  file?: File;
  status?: "" | "uploading" | "done" | "failed";
  message?: string;
}

/**
 * Send a response: every queued file first (one at a time; each one sent is taken off its
 * queue, so that trying again does not send it twice), then the text. The first failure stops
 * everything and is thrown; the text is not sent while a file has not gone.
 */
export async function sendResponse(options: {
  queues: QueuedFile[][];
  uploadFile: (file: File) => Promise<void>;
  submitText: () => Promise<void>;
}): Promise<void> {
  for (const queue of options.queues) {
    while (queue.length) {
      const item = queue[0];
      if (!item.file) {
        queue.shift();
        continue;
      }
      item.status = "uploading";
      item.message = "上传中";
      try {
        await options.uploadFile(item.file);
      } catch (error) {
        item.status = "failed";
        item.message = "上传失败";
        throw error;
      }
      queue.shift();
    }
  }
  await options.submitText();
}

/** The 全部 tab's filter: a status, 已逾期, or everything. */
export type AssignmentFilter = AssignmentStatus | "overdue" | "";

export const ASSIGNMENT_FILTERS: { text: string; value: AssignmentFilter }[] = [
  { text: "全部状态", value: "" },
  { text: "待反馈", value: "pending" },
  { text: "已反馈", value: "submitted" },
  { text: "已退回", value: "returned" },
  { text: "已通过", value: "accepted" },
  { text: "已逾期", value: "overdue" },
];

/** The list's query for a filter. */
export function filterQuery(filter: AssignmentFilter): { status?: AssignmentStatus; overdue?: boolean } {
  if (filter === "overdue") return { overdue: true };
  return filter ? { status: filter } : {};
}
