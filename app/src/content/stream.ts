/**
 * A page's StreamField (``body``, ``gallery``, ``attachments``) as the screens show it: the blocks
 * of content/blocks.py read into typed parts, and the images and documents they name by id looked
 * up in a MediaIndex — from the app API's ``media`` of a notice or page, or from the v2 images and
 * documents endpoints for a public article.
 */
import { fileTypeLabel } from "@/content/format";
import { type DocumentDetail, type ImageDetail, renditionOf, sameOriginPath } from "@/content/v2";

export type BodyPart =
  | { kind: "heading"; level: 2 | 3 | 4; text: string }
  /** Rich text, display HTML (sanitised by Wagtail when it was saved). */
  | { kind: "html"; html: string }
  | { kind: "image"; imageId: number; caption: string }
  | { kind: "document"; documentId: number; title: string }
  | { kind: "quote"; text: string; source: string }
  /** A video at another site: shown as a link (the app loads nothing from other sites). */
  | { kind: "embed"; url: string };

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function headingLevel(size: unknown): 2 | 3 | 4 {
  if (size === "h3") return 3;
  if (size === "h4") return 4;
  return 2;
}

/** The parts of a stream; unknown or malformed blocks are left out. */
export function bodyParts(blocks: unknown): BodyPart[] {
  if (!Array.isArray(blocks)) return [];
  const parts: BodyPart[] = [];
  for (const block of blocks) {
    const { type, value } = record(block);
    const fields = record(value);
    switch (type) {
      case "heading":
        if (text(fields.text)) parts.push({ kind: "heading", level: headingLevel(fields.size), text: text(fields.text) });
        break;
      case "paragraph":
        if (text(value)) parts.push({ kind: "html", html: text(value) });
        break;
      case "image":
        if (typeof fields.image === "number") {
          parts.push({ kind: "image", imageId: fields.image, caption: text(fields.caption) });
        }
        break;
      case "document":
        if (typeof fields.document === "number") {
          parts.push({ kind: "document", documentId: fields.document, title: text(fields.title) });
        }
        break;
      case "quote":
        if (text(fields.text)) parts.push({ kind: "quote", text: text(fields.text), source: text(fields.source) });
        break;
      case "video":
        if (text(value)) parts.push({ kind: "embed", url: text(value) });
        break;
      default:
        break;
    }
  }
  return parts;
}

export function imageIds(parts: readonly BodyPart[]): number[] {
  return parts.flatMap((part) => (part.kind === "image" ? [part.imageId] : []));
}

export function documentIds(parts: readonly BodyPart[]): number[] {
  return parts.flatMap((part) => (part.kind === "document" ? [part.documentId] : []));
}

export interface MediaImage {
  id: number;
  url: string;
  width: number;
  height: number;
  alt: string;
}

export interface MediaDocument {
  id: number;
  title: string;
  url: string;
  fileType: string;
}

export interface MediaIndex {
  images: Map<number, MediaImage>;
  documents: Map<number, MediaDocument>;
}

export function emptyMedia(): MediaIndex {
  return { images: new Map(), documents: new Map() };
}

/** The app API's ``media`` of a notice or an organisation page. */
export function mediaFromApi(media: {
  images: readonly MediaImage[];
  documents: readonly { id: number; title: string; url: string; file_extension: string }[];
}): MediaIndex {
  return {
    images: new Map(media.images.map((image) => [image.id, image])),
    documents: new Map(
      media.documents.map((document) => [
        document.id,
        { id: document.id, title: document.title, url: document.url, fileType: fileTypeLabel(document.file_extension) },
      ]),
    ),
  };
}

function extensionOf(url: string): string {
  const path = url.split(/[?#]/)[0] ?? "";
  const name = decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1) : "";
}

/** The v2 API's images and documents (v2Images, v2Documents). */
export function mediaFromV2(
  images: ReadonlyMap<number, ImageDetail>,
  documents: ReadonlyMap<number, DocumentDetail>,
): MediaIndex {
  const index = emptyMedia();
  for (const image of images.values()) {
    const display = renditionOf(image.display);
    if (display) {
      index.images.set(image.id, { id: image.id, url: display.url, width: display.width, height: display.height, alt: display.alt });
    }
  }
  for (const document of documents.values()) {
    const url = sameOriginPath(document.meta.download_url);
    index.documents.set(document.id, { id: document.id, title: document.title, url, fileType: fileTypeLabel(extensionOf(url)) });
  }
  return index;
}

/** The downloads of an attachments stream: each under its block's display name, else the
 * document's title; documents not found are left out. */
export function downloadsOf(parts: readonly BodyPart[], media: MediaIndex): MediaDocument[] {
  return parts.flatMap((part) => {
    if (part.kind !== "document") return [];
    const document = media.documents.get(part.documentId);
    return document ? [{ ...document, title: part.title || document.title }] : [];
  });
}
