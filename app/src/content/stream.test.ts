import { describe, expect, it } from "vitest";

import { linkAction } from "@/content/links";
import { firstImageId, pageRoute, sectionByKey } from "@/content/sections";
import { bodyParts, documentIds, downloadsOf, imageIds, mediaFromApi, mediaFromV2 } from "@/content/stream";

const BODY = [
  { type: "heading", value: { text: "一、会议要求", size: "h3" }, id: "a" },
  { type: "paragraph", value: "<p>正文</p>", id: "b" },
  { type: "image", value: { image: 21, caption: "会场" }, id: "c" },
  { type: "document", value: { document: 4, title: "" }, id: "d" },
  { type: "quote", value: { text: "不忘初心", source: "讲话" }, id: "e" },
  { type: "video", value: "https://v.example.com/1", id: "f" },
  { type: "image", value: { image: "broken" }, id: "g" },
  { type: "unknown", value: 1, id: "h" },
];

describe("bodyParts", () => {
  it("reads the blocks of the body", () => {
    const parts = bodyParts(BODY);
    expect(parts.map((part) => part.kind)).toEqual(["heading", "html", "image", "document", "quote", "embed"]);
    expect(parts[0]).toEqual({ kind: "heading", level: 3, text: "一、会议要求" });
    expect(imageIds(parts)).toEqual([21]);
    expect(documentIds(parts)).toEqual([4]);
  });
  it("is empty for anything else", () => {
    expect(bodyParts(null)).toEqual([]);
    expect(bodyParts("<p>x</p>")).toEqual([]);
  });
});

describe("media", () => {
  it("indexes the app API's media", () => {
    const media = mediaFromApi({
      images: [{ id: 21, url: "/media/images/a.jpg", width: 1000, height: 562, alt: "会场" }],
      documents: [{ id: 4, title: "办法", url: "/documents/4/a.pdf", file_extension: "pdf" }],
    });
    expect(media.images.get(21)?.url).toBe("/media/images/a.jpg");
    expect(media.documents.get(4)?.fileType).toBe("PDF");
    const downloads = downloadsOf(bodyParts([{ type: "document", value: { document: 4, title: "附件一" } }]), media);
    expect(downloads).toEqual([{ id: 4, title: "附件一", url: "/documents/4/a.pdf", fileType: "PDF" }]);
  });
  it("indexes the v2 API's images and documents", () => {
    const media = mediaFromV2(
      new Map([
        [21, { id: 21, title: "图", meta: { type: "wagtailimages.Image", download_url: "/o.jpg" }, display: { url: "/d.jpg", width: 10, height: 5, alt: "图" } }],
        [22, { id: 22, title: "坏图", meta: { type: "wagtailimages.Image", download_url: "/o.jpg" }, display: { error: "SourceImageIOError" } }],
      ]),
      new Map([[4, { id: 4, title: "视频", meta: { type: "wagtaildocs.Document", download_url: `${location.origin}/documents/4/%E8%A7%86.mp4` } }]]),
    );
    expect(media.images.get(21)?.url).toBe("/d.jpg");
    expect(media.images.has(22)).toBe(false);
    expect(media.documents.get(4)).toEqual({ id: 4, title: "视频", url: "/documents/4/%E8%A7%86.mp4", fileType: "MP4" });
  });
});

describe("sections", () => {
  it("opens pages where they belong", () => {
    expect(pageRoute("content.NoticePage", 3)).toBe("/notices/3");
    expect(pageRoute("content.DisclosurePage", 4)).toBe("/org-pages/4");
    expect(pageRoute("content.DynamicPage", 5)).toBe("/articles/5");
    expect(pageRoute("content.Whatever", 6)).toBe("/articles/6");
    expect(sectionByKey("videos")?.title).toBe("本地影视");
    expect(sectionByKey("nope")).toBeNull();
  });
  it("finds the first image", () => {
    expect(firstImageId(BODY)).toBe(21);
    expect(firstImageId(undefined)).toBeNull();
  });
});

describe("linkAction", () => {
  const origin = "http://127.0.0.1:8011";
  it("tells what a tap on a link does", () => {
    expect(linkAction("/documents/4/a.pdf", origin)).toEqual({ kind: "file", href: "/documents/4/a.pdf" });
    expect(linkAction("http://127.0.0.1:8011/app/notices/3", origin)).toEqual({ kind: "app", path: "/notices/3" });
    expect(linkAction("/dynamics/dynamic-3/", origin)).toEqual({ kind: "page", path: "/dynamics/dynamic-3/" });
    expect(linkAction("https://www.12371.cn/", origin)).toEqual({ kind: "external", href: "https://www.12371.cn/" });
    expect(linkAction("tel:0744-1234567", origin)).toEqual({ kind: "native" });
  });
});
