/**
 * Private files (/files/<key>/<name>: attachments of responses) are served only to a request
 * that carries the member's token, which an <img src> or a plain link cannot send: they are
 * fetched with it and shown or saved from a local object URL.
 */
import { failureFrom, NetworkFailure } from "@/api/errors";
import { session } from "@/session";

/** The file's bytes, or a thrown ApiFailure (404: gone or not yours) / NetworkFailure. */
export async function fetchPrivateFile(url: string): Promise<Blob> {
  const headers: Record<string, string> = {};
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch {
    throw new NetworkFailure();
  }
  if (!response.ok) {
    throw failureFrom(response.status, { code: "file_unavailable", message: "文件无法打开：已删除或无权查看。" });
  }
  return response.blob();
}

/** Save (or, where the phone prefers, open) a fetched file under ``name``. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
