/**
 * Links inside rich text (display HTML from Wagtail): what a tap on one does in the app.
 *
 * - a document or image of this site (``/documents/…``, ``/media/…``, ``/files/…``): open it;
 * - a screen of the app (``/app/…``): go there;
 * - a page of the portal (``/dynamics/dynamic-3/``): open the same page in the app (its address
 *   resolved through the v2 API's ``find``), or the portal when the app cannot show it;
 * - another site: open it in a new tab; ``tel:``/``mailto:``: let the phone handle it.
 */

export type LinkAction =
  | { kind: "native" }
  | { kind: "external"; href: string }
  | { kind: "file"; href: string }
  | { kind: "app"; path: string }
  | { kind: "page"; path: string };

const FILE_PREFIXES = ["/documents/", "/media/", "/files/", "/static/"];
const APP_PREFIX = "/app/";

export function linkAction(href: string, origin: string): LinkAction {
  let url: URL;
  try {
    url = new URL(href, origin);
  } catch {
    return { kind: "native" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { kind: "native" };
  if (url.origin !== origin) return { kind: "external", href: url.href };
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (FILE_PREFIXES.some((prefix) => url.pathname.startsWith(prefix))) return { kind: "file", href: path };
  if (url.pathname === "/app" || url.pathname.startsWith(APP_PREFIX)) {
    return { kind: "app", path: `/${path.slice(APP_PREFIX.length)}` };
  }
  return { kind: "page", path: url.pathname };
}
