/** The checks the server makes on a photo or attachment (partybuild/uploads.py), made before
 * sending it so that a member on a phone network learns at once that a file will be refused. */
import { sizeText } from "@/format";

export const MB = 1024 * 1024;

export const IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"] as const;
export const ATTACHMENT_EXTENSIONS = [
  "pdf",
  "doc",
  "docx",
  "xls",
  "xlsx",
  "ppt",
  "pptx",
  "txt",
  "wps",
  "jpg",
  "jpeg",
  "png",
] as const;

export const IMAGE_MAX_SIZE = 10 * MB;
export const ATTACHMENT_MAX_SIZE = 20 * MB;

/** The ``accept`` of a file input for an attachment. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((extension) => `.${extension}`).join(",");

/** The lower-case extension of a file name, without the dot ("" when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

interface FileLike {
  name: string;
  size: number;
  type?: string;
}

function check(file: FileLike, allowed: readonly string[], limit: number, what: string): string | null {
  let extension = extensionOf(file.name);
  // A camera photo may come without a usable name; its type then tells what it is.
  if (!extension && file.type?.startsWith("image/")) extension = file.type.slice(6).replace("jpeg", "jpg");
  if (!allowed.includes(extension)) {
    return `不支持的${what}类型（${extension ? `.${extension}` : "无扩展名"}），请选择 ${allowed.join("、")} 文件。`;
  }
  if (file.size > limit) {
    return `${what}过大（${sizeText(file.size)}），不能超过 ${limit / MB} MB。`;
  }
  if (file.size === 0) return `${what}是空文件，请重新选择。`;
  return null;
}

/** Why a photo would be refused, or null when it may be sent. */
export function imageProblem(file: FileLike): string | null {
  return check(file, IMAGE_EXTENSIONS, IMAGE_MAX_SIZE, "照片");
}

/** Why an attachment would be refused, or null when it may be sent. */
export function attachmentProblem(file: FileLike): string | null {
  return check(file, ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_SIZE, "附件");
}

/** A name the server accepts for a photo whose own name has no extension (some cameras). */
export function uploadName(file: FileLike): string {
  if (extensionOf(file.name)) return file.name;
  const type = file.type?.startsWith("image/") ? file.type.slice(6).replace("jpeg", "jpg") : "";
  return type ? `photo.${type}` : file.name;
}
