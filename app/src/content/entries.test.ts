import { afterEach, describe, expect, it, vi } from "vitest";

import { entryFromOrganisationPage, entryFromPage, sectionEntries } from "@/content/entries";
import { type V2Section, sectionByKey } from "@/content/sections";
import type { ContentPage } from "@/content/v2";

afterEach(() => {
  vi.unstubAllGlobals();
});

const META = { detail_url: "", html_url: null, first_published_at: null };

describe("entries", () => {
  it("reads an exemplar with its portrait", () => {
    const page: ContentPage = {
      id: 5,
      title: "吕建江",
      meta: { ...META, type: "content.ExemplarPage" },
      date: "2018-03-01",
      summary: "事迹",
      person_name: "吕建江",
      organisation_name: "一支部",
      photo_thumbnail: { url: "/media/images/p.fill-300x400.jpg", width: 300, height: 400, alt: "" },
    };
    expect(entryFromPage(page)).toMatchObject({ to: "/articles/5", image: "/media/images/p.fill-300x400.jpg", detail: "一支部" });
  });
  it("reads a dynamic's first gallery picture and a service's category", () => {
    const dynamic: ContentPage = {
      id: 6,
      title: "动态",
      meta: { ...META, type: "content.DynamicPage" },
      gallery: [{ type: "image", value: { image: 9, caption: "" } }],
    };
    expect(entryFromPage(dynamic, new Map([[9, "/t.jpg"]])).image).toBe("/t.jpg");
    const service: ContentPage = { id: 7, title: "政务中心", meta: { ...META, type: "content.ServiceInfoPage" }, category: "government", duration: null };
    expect(entryFromPage(service).tag).toBe("政务服务");
  });
  it("reads a restricted disclosure with its visibility", () => {
    const entry = entryFromOrganisationPage({
      id: 3,
      type: "disclosure",
      title: "党费公开",
      date: "2026-10-01",
      summary: "",
      organisation_id: 2,
      organisation: "一支部",
      visibility: "subtree",
      visibility_label: "本组织及下级组织党员",
      url: null,
    });
    expect(entry).toMatchObject({ to: "/org-pages/3", tag: "本组织及下级组织党员", detail: "一支部" });
  });
  it("lists a public section with its thumbnails in two requests", async () => {
    const fetched = vi.fn(async (url: string) => {
      const body = url.startsWith("/api/v2/pages/")
        ? { meta: { total_count: 1 }, items: [{ id: 6, title: "动态", meta: { ...META, type: "content.DynamicPage" }, gallery: [{ type: "image", value: { image: 9 } }] }] }
        : { meta: { total_count: 1 }, items: [{ id: 9, title: "图", meta: { type: "wagtailimages.Image", download_url: "" }, thumbnail: { url: "/t.jpg", width: 480, height: 270, alt: "" } }] };
      return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });
    });
    vi.stubGlobal("fetch", fetched);
    const page = await sectionEntries(sectionByKey("dynamics") as V2Section, 0, 10);
    expect(page.count).toBe(1);
    expect(page.items[0]?.image).toBe("/t.jpg");
    expect(fetched).toHaveBeenCalledTimes(2);
  });
});
