/**
 * The content sections of the app (the portal's sections, content/sections.py) and where their
 * pages open: public sections list the v2 API's pages of their type; 制度建设 and 事务公开 list
 * the app API's pages (including those restricted to members or to an organisation); 通知公告 has
 * its own screens (read receipts).
 */
import type { RouteLocationRaw } from "vue-router";

/** How a section's items look in a list. */
export type SectionLayout = "picture" | "portrait" | "video" | "text" | "service";

interface SectionBase {
  key: string;
  title: string;
  /** A Vant icon name. */
  icon: string;
  /** The icon's tile colour on the home grid. */
  color: string;
  layout: SectionLayout;
}

export interface V2Section extends SectionBase {
  source: "v2";
  pageType: string;
  /** The fields a list asks for. */
  fields: readonly string[];
}

export interface OrganisationSection extends SectionBase {
  source: "org";
  pageType: "content.RegulationPage" | "content.DisclosurePage";
  orgType: "regulation" | "disclosure";
}

export interface NoticeSection extends SectionBase {
  source: "notices";
  pageType: "content.NoticePage";
}

export type Section = V2Section | OrganisationSection | NoticeSection;

const ARTICLE_FIELDS = ["date", "summary"] as const;

export const SECTIONS: readonly Section[] = [
  { key: "notices", title: "通知公告", icon: "volume-o", color: "#c8161d", layout: "text", source: "notices", pageType: "content.NoticePage" },
  { key: "dynamics", title: "党建动态", icon: "fire-o", color: "#e4572e", layout: "picture", source: "v2", pageType: "content.DynamicPage", fields: [...ARTICLE_FIELDS, "gallery"] },
  { key: "news", title: "重要新闻", icon: "newspaper-o", color: "#d1495b", layout: "text", source: "v2", pageType: "content.NewsPage", fields: ARTICLE_FIELDS },
  { key: "regulations", title: "制度建设", icon: "notes-o", color: "#3a6ea5", layout: "text", source: "org", pageType: "content.RegulationPage", orgType: "regulation" },
  { key: "disclosures", title: "事务公开", icon: "bullhorn-o", color: "#2a9d8f", layout: "text", source: "org", pageType: "content.DisclosurePage", orgType: "disclosure" },
  { key: "integrity", title: "廉政建设", icon: "shield-o", color: "#6c5b7b", layout: "text", source: "v2", pageType: "content.IntegrityPage", fields: ARTICLE_FIELDS },
  { key: "guides", title: "办事指南", icon: "guide-o", color: "#2f80ed", layout: "text", source: "v2", pageType: "content.GuidePage", fields: ARTICLE_FIELDS },
  { key: "services", title: "服务信息", icon: "service-o", color: "#27ae60", layout: "service", source: "v2", pageType: "content.ServiceInfoPage", fields: [...ARTICLE_FIELDS, "category", "address", "phone", "opening_hours"] },
  { key: "exemplars", title: "党员风采", icon: "medal-o", color: "#f2994a", layout: "portrait", source: "v2", pageType: "content.ExemplarPage", fields: [...ARTICLE_FIELDS, "person_name", "organisation_name", "photo_thumbnail"] },
  { key: "videos", title: "本地影视", icon: "video-o", color: "#9b51e0", layout: "video", source: "v2", pageType: "content.VideoPage", fields: [...ARTICLE_FIELDS, "cover_thumbnail", "duration"] },
  { key: "topics", title: "主题教育", icon: "bookmark-o", color: "#b5651d", layout: "text", source: "v2", pageType: "content.TopicPage", fields: ARTICLE_FIELDS },
];

export function sectionByKey(key: string): Section | null {
  return SECTIONS.find((section) => section.key === key) ?? null;
}

export function sectionByPageType(pageType: string): Section | null {
  return SECTIONS.find((section) => section.pageType === pageType) ?? null;
}

/** Where a page of ``pageType`` opens in the app: a notice in 通知公告 (which records the
 * reading), a regulation or disclosure in /org-pages/, any other article in /articles/. */
export function pageRoute(pageType: string, id: number): RouteLocationRaw {
  const section = sectionByPageType(pageType);
  if (section?.source === "notices") return `/notices/${id}`;
  if (section?.source === "org") return `/org-pages/${id}`;
  return `/articles/${id}`;
}

/** The first image id of a 党建动态's gallery or an article's body (for list thumbnails). */
export function firstImageId(blocks: readonly { type: string; value: unknown }[] | undefined): number | null {
  for (const block of blocks ?? []) {
    if (block.type !== "image" || typeof block.value !== "object" || block.value === null) continue;
    const image = (block.value as { image?: unknown }).image;
    if (typeof image === "number") return image;
  }
  return null;
}

/** 服务信息's categories (content/models/services.py ServiceCategory). */
export const SERVICE_CATEGORIES: Readonly<Record<string, string>> = {
  government: "政务服务",
  health: "医疗卫生",
  transport: "交通出行",
  education: "教育文化",
  living: "生活服务",
  other: "其他",
};
