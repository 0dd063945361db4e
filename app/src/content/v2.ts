/**
 * The public Wagtail v2 content API (/api/v2/): published, unrestricted pages, images and
 * documents, with hand-written types of the fields the app reads (content/models: each page
 * type's ``api_fields``). Restricted 制度建设/事务公开 and 通知公告 with read receipts come from the
 * app API instead (api/client.ts).
 *
 * Answers may be the service worker's saved copy (header ``X-Offline-Copy: 1``), which the
 * detail screens mark as such.
 */
import { NetworkFailure, failureFrom } from "@/api/errors";
import { OFFLINE_COPY_HEADER } from "@/pwa/offline-copies";

export const V2_BASE = "/api/v2/";

/** The v2 API answers at most this many items a page (``WAGTAILAPI_LIMIT_MAX``). */
export const V2_MAX_LIMIT = 20;

/** ``ImageRenditionField``: a rendition, or the error when the image file cannot be read. */
export interface Rendition {
  url: string;
  full_url?: string;
  width: number;
  height: number;
  alt: string;
}
export type RenditionField = Rendition | { error: string } | null;

export interface PageMeta {
  type: string;
  detail_url: string;
  html_url: string | null;
  slug?: string;
  first_published_at: string | null;
}

/** A StreamField block as the API gives it. */
export interface StreamBlockData {
  type: string;
  value: unknown;
  id?: string;
}

/** A related document or image (``{id, meta}``), as a page's ForeignKey fields give it. */
export interface RelatedFile {
  id: number;
  meta: { type: string; detail_url?: string; download_url?: string };
  title?: string;
}

/** The fields of a page that the lists and detail screens read (each type has some). */
export interface ContentPage {
  id: number;
  title: string;
  meta: PageMeta;
  date?: string;
  summary?: string;
  body?: StreamBlockData[];
  attachments?: StreamBlockData[];
  /** 党建动态 */
  gallery?: StreamBlockData[];
  /** 党员风采 */
  person_name?: string;
  organisation_name?: string;
  photo_thumbnail?: RenditionField;
  /** 本地影视 */
  cover_thumbnail?: RenditionField;
  video_file?: RelatedFile | null;
  embed_url?: string;
  duration?: string | null;
  /** 办事指南 */
  flowchart_rendition?: RenditionField;
  /** 服务信息 */
  category?: string;
  address?: string;
  phone?: string;
  opening_hours?: string;
}

export interface Listing<T> {
  meta: { total_count: number };
  items: T[];
}

export interface ImageDetail {
  id: number;
  title: string;
  meta: { type: string; download_url: string };
  /** The rendition to show in an article (content/api/v2.py). */
  display?: RenditionField;
  /** The rendition for a list (480×270). */
  thumbnail?: RenditionField;
}

export interface DocumentDetail {
  id: number;
  title: string;
  meta: { type: string; download_url: string };
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | null | undefined;

/** The address of a v2 endpoint: ``v2Url("pages/", {type: "content.NewsPage", fields: ["date"]})``
 * → ``/api/v2/pages/?type=content.NewsPage&fields=date``. Lists are joined with commas; empty
 * values are left out. */
export function v2Url(path: string, params: Record<string, QueryValue> = {}): string {
  const cleanPath = path.replace(/^\/+/, "");
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length) query.set(name, value.join(","));
    } else {
      query.set(name, String(value));
    }
  }
  const search = query.toString();
  return `${V2_BASE}${cleanPath}${search ? `?${search}` : ""}`;
}

/** The data at a v2 address and whether it is the service worker's saved copy; throws
 * ApiFailure (not found, bad request) or NetworkFailure like the app API's ``call``. */
export async function v2Get<T>(url: string): Promise<{ data: T; offline: boolean }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch {
    throw new NetworkFailure();
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 404) {
      throw failureFrom(404, { code: "not_found", message: "内容不存在或已撤下。" });
    }
    throw failureFrom(response.status, body);
  }
  return { data: body as T, offline: response.headers.get(OFFLINE_COPY_HEADER) === "1" };
}

/** One page of a page type's published pages, newest first (as the home: by date, then the newest added), as the app's lists take them. */
export async function v2PageList(
  type: string,
  fields: readonly string[],
  offset: number,
  limit: number,
): Promise<{ items: ContentPage[]; count: number }> {
  const url = v2Url("pages/", {
    type,
    fields,
    order: "-date,-id",
    offset,
    limit: Math.min(limit, V2_MAX_LIMIT),
  });
  const { data } = await v2Get<Listing<ContentPage>>(url);
  return { items: data.items, count: data.meta.total_count };
}

/** A page with all its fields, rich text as display HTML (real addresses in links). */
export function v2Page(id: number): Promise<{ data: ContentPage; offline: boolean }> {
  return v2Get<ContentPage>(v2Url(`pages/${id}/`, { fields: "*", rich_text_format: "html" }));
}

/** Split ids into the requests of ``?ids=`` (each at most a page of the API), without repeats. */
export function idBatches(ids: readonly number[], size: number = V2_MAX_LIMIT): number[][] {
  const unique = [...new Set(ids)];
  const batches: number[][] = [];
  for (let start = 0; start < unique.length; start += size) batches.push(unique.slice(start, start + size));
  return batches;
}

async function byIds<T extends { id: number }>(
  endpoint: string,
  ids: readonly number[],
  fields: readonly string[],
): Promise<{ data: Map<number, T>; offline: boolean }> {
  const found = new Map<number, T>();
  let offline = false;
  const answers = await Promise.all(
    idBatches(ids).map((batch) =>
      v2Get<Listing<T>>(v2Url(endpoint, { ids: batch, fields, limit: batch.length })),
    ),
  );
  for (const answer of answers) {
    offline ||= answer.offline;
    for (const item of answer.data.items) found.set(item.id, item);
  }
  return { data: found, offline };
}

/** The images of ``ids`` (with their ``display`` and ``thumbnail`` renditions), by id. */
export function v2Images(ids: readonly number[]): Promise<{ data: Map<number, ImageDetail>; offline: boolean }> {
  return byIds<ImageDetail>("images/", ids, ["display", "thumbnail"]);
}

/** The documents of ``ids`` (title, ``meta.download_url``), by id. */
export function v2Documents(
  ids: readonly number[],
): Promise<{ data: Map<number, DocumentDetail>; offline: boolean }> {
  return byIds<DocumentDetail>("documents/", ids, []);
}

/** The page at a portal address (``/dynamics/dynamic-3/``), for links inside rich text. */
export function v2FindPage(htmlPath: string): Promise<{ data: ContentPage; offline: boolean }> {
  return v2Get<ContentPage>(v2Url("pages/find/", { html_path: htmlPath }));
}

/** A rendition field's rendition, or null (none, or the file could not be read). */
export function renditionOf(field: RenditionField | undefined): Rendition | null {
  if (!field || "error" in field) return null;
  return field;
}

/** An address at this site as a path (``/documents/5/a.pdf``): the v2 API gives absolute
 * addresses at the host it was asked at; other sites' addresses stay as they are. */
export function sameOriginPath(url: string, origin: string = location.origin): string {
  try {
    const parsed = new URL(url, origin);
    if (parsed.origin !== origin) return url;
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return url;
  }
}
