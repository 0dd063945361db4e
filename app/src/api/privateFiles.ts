/**
 * Private files (``/files/<key>/<name>``: photos and attachments of 微心愿, 微心得, supervision
 * responses and recruitment submissions) are served only to a request that carries the member's
 * token, which an ``<img src>`` or a plain link cannot send: they are fetched with it and shown
 * or saved from a local object URL.
 */
import { type ErrorBody, failureFrom, NetworkFailure } from "@/api/errors";
import { session } from "@/session";

/** The URL of an image's reduced copy (for lists). */
export function thumbnailUrl(url: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}size=thumbnail`;
}

/** The name to save under: ``name``, with the extension of the file's address when it has none. */
export function downloadName(url: string, name: string): string {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(url.split("?")[0])?.[1];
  return extension && !name.toLowerCase().endsWith(`.${extension.toLowerCase()}`) ? `${name}.${extension}` : name;
}

/**
 * The file's bytes, or a thrown NetworkFailure or ApiFailure (404: gone or not yours). The
 * failure carries ``unavailable`` when given, else the API's error body if the answer has one,
 * else the generic text for its status.
 */
export async function privateFileBlob(url: string, unavailable?: ErrorBody): Promise<Blob> {
  const headers: Record<string, string> = {};
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch {
    throw new NetworkFailure();
  }
  if (!response.ok) throw failureFrom(response.status, unavailable ?? (await response.json().catch(() => null)));
  return response.blob();
}

/** Save (or, where the phone prefers, open) a fetched file under ``name``. */
export function saveBlob(blob: Blob, name: string): void {
  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = objectUrl;
  link.download = name;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}

/** Fetch a private file and save it under ``name`` (failures as privateFileBlob's). */
export async function privateFileDownload(url: string, name: string, unavailable?: ErrorBody): Promise<void> {
  saveBlob(await privateFileBlob(url, unavailable), name);
}
