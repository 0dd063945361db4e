/** The private files of 微心愿 and 微心得 (/files/<key>/<name>) open only with the member's
 * token, which an ``<img src>`` cannot send: they are fetched with it and shown from memory. */
import { NetworkFailure, failureFrom } from "@/api/errors";
import { session } from "@/session";

/** The URL of an image's reduced copy (for lists). */
export function thumbnailUrl(url: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}size=thumbnail`;
}

/** The file's bytes; ApiFailure (404 when it may not be opened) or NetworkFailure. */
export async function privateFileBlob(url: string): Promise<Blob> {
  const headers: Record<string, string> = {};
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch {
    throw new NetworkFailure();
  }
  if (!response.ok) throw failureFrom(response.status, null);
  return response.blob();
}

/** Save (or open, on a phone) a private attachment under its title. */
export async function privateFileDownload(url: string, title: string): Promise<void> {
  const blob = await privateFileBlob(url);
  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = objectUrl;
  link.download = title;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}
