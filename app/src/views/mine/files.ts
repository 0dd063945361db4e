/**
 * Opening a private file (an attachment of my submissions): its checked view wants the bearer
 * token, which a plain link does not send, so the file is fetched and handed to the browser.
 */
import { failureFrom, NetworkFailure } from "@/api/errors";
import { session } from "@/session";

/** The name to save under: ``name``, with the extension of the file's address when it has none. */
export function downloadName(url: string, name: string): string {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(url.split("?")[0])?.[1];
  return extension && !name.toLowerCase().endsWith(`.${extension.toLowerCase()}`) ? `${name}.${extension}` : name;
}

export async function openPrivateFile(url: string, name: string): Promise<void> {
  const headers: Record<string, string> = {};
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch {
    throw new NetworkFailure();
  }
  if (!response.ok) throw failureFrom(response.status, await response.json().catch(() => null));
  const address = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = address;
  link.download = downloadName(url, name);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(address), 60_000);
}
