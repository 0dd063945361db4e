/**
 * The items of a section's list, whatever their source: the v2 API's pages of a public section
 * or the app API's 制度建设/事务公开 pages, read into one shape the list screen shows.
 */
import { api, call } from "@/api/client";
import type { components } from "@/api/schema";
import { formatDuration } from "@/content/format";
import {
  type OrganisationSection,
  SERVICE_CATEGORIES,
  type V2Section,
  firstImageId,
  pageRoute,
} from "@/content/sections";
import { type ContentPage, renditionOf, v2Images, v2PageList } from "@/content/v2";

type OrganisationPage = components["schemas"]["OrganisationPageOut"];

export interface ListEntry {
  id: number;
  title: string;
  date: string;
  summary: string;
  to: string;
  /** A picture's address (thumbnail, portrait or video cover), or null. */
  image: string | null;
  /** A line under the title: organisation, person's branch, duration… */
  detail: string;
  /** A short tag: 查看范围, 服务类别. */
  tag: string;
  address: string;
  phone: string;
  openingHours: string;
  duration: string;
}

function routeOf(pageType: string, id: number): string {
  const route = pageRoute(pageType, id);
  return typeof route === "string" ? route : `/articles/${id}`;
}

/** A v2 page as a list entry (``thumbnails``: the gallery thumbnails by image id). */
export function entryFromPage(page: ContentPage, thumbnails: ReadonlyMap<number, string> = new Map()): ListEntry {
  const galleryImage = firstImageId(page.gallery);
  const image =
    renditionOf(page.photo_thumbnail)?.url ??
    renditionOf(page.cover_thumbnail)?.url ??
    (galleryImage !== null ? (thumbnails.get(galleryImage) ?? null) : null);
  const person = page.person_name && page.person_name !== page.title ? page.person_name : "";
  return {
    id: page.id,
    title: page.title,
    date: page.date ?? "",
    summary: page.summary ?? "",
    to: routeOf(page.meta.type, page.id),
    image,
    detail: [person, page.organisation_name ?? ""].filter(Boolean).join(" · "),
    tag: page.category ? (SERVICE_CATEGORIES[page.category] ?? "") : "",
    address: page.address ?? "",
    phone: page.phone ?? "",
    openingHours: page.opening_hours ?? "",
    duration: formatDuration(page.duration),
  };
}

export function entryFromOrganisationPage(page: OrganisationPage): ListEntry {
  return {
    id: page.id,
    title: page.title,
    date: page.date,
    summary: page.summary,
    to: `/org-pages/${page.id}`,
    image: null,
    detail: page.organisation,
    tag: page.visibility === "public" ? "" : page.visibility_label,
    address: "",
    phone: "",
    openingHours: "",
    duration: "",
  };
}

/** One page of a section's list (通知公告 has its own list, NoticesView). */
export async function sectionEntries(
  section: V2Section | OrganisationSection,
  offset: number,
  limit: number,
): Promise<{ items: ListEntry[]; count: number }> {
  if (section.source === "org") {
    const page = await call(
      api.GET("/api/app/content/pages", { params: { query: { type: section.orgType, offset, limit } } }),
    );
    return { items: page.items.map(entryFromOrganisationPage), count: page.count };
  }
  const page = await v2PageList(section.pageType, section.fields, offset, limit);
  const galleryImages = page.items.flatMap((item) => {
    const id = firstImageId(item.gallery);
    return id === null ? [] : [id];
  });
  const thumbnails = new Map<number, string>();
  if (galleryImages.length) {
    try {
      const { data } = await v2Images(galleryImages);
      for (const [id, image] of data) {
        const thumbnail = renditionOf(image.thumbnail);
        if (thumbnail) thumbnails.set(id, thumbnail.url);
      }
    } catch {
      // The list reads without its pictures.
    }
  }
  return { items: page.items.map((item) => entryFromPage(item, thumbnails)), count: page.count };
}
