import { describe, expect, it } from "vitest";

import {
  ATTACHMENT_ACCEPT,
  MB,
  attachmentProblem,
  extensionOf,
  imageProblem,
  uploadName,
} from "@/views/services/uploads";

describe("checking a file before it is uploaded", () => {
  it("accepts photos of the server's types up to 10 MB", () => {
    expect(imageProblem({ name: "IMG_0001.JPG", size: 3 * MB, type: "image/jpeg" })).toBeNull();
    expect(imageProblem({ name: "a.webp", size: 10 * MB })).toBeNull();
  });

  it("refuses a photo that is too large, with its size and the limit", () => {
    expect(imageProblem({ name: "a.jpg", size: 12.5 * MB })).toBe("照片过大（12.5 MB），不能超过 10 MB。");
  });

  it("refuses a photo of another type, such as HEIC from an iPhone", () => {
    expect(imageProblem({ name: "IMG_0002.HEIC", size: MB, type: "image/heic" })).toContain("不支持的照片类型（.heic）");
    expect(imageProblem({ name: "notes.pdf", size: MB })).toContain("jpg、jpeg、png、gif、webp");
  });

  it("takes a camera photo without a name's extension by its type", () => {
    expect(imageProblem({ name: "blob", size: MB, type: "image/jpeg" })).toBeNull();
    expect(uploadName({ name: "blob", size: MB, type: "image/jpeg" })).toBe("photo.jpg");
    expect(uploadName({ name: "a.png", size: MB, type: "image/png" })).toBe("a.png");
  });

  it("refuses an empty file", () => {
    expect(imageProblem({ name: "a.png", size: 0 })).toBe("照片是空文件，请重新选择。");
  });

  it("accepts office documents up to 20 MB as attachments, and nothing executable", () => {
    expect(attachmentProblem({ name: "心得.docx", size: 19 * MB })).toBeNull();
    expect(attachmentProblem({ name: "表.xlsx", size: 21 * MB })).toBe("附件过大（21.0 MB），不能超过 20 MB。");
    expect(attachmentProblem({ name: "a.html", size: 10 })).toContain("不支持的附件类型（.html）");
    expect(attachmentProblem({ name: "README", size: 10 })).toContain("无扩展名");
    expect(ATTACHMENT_ACCEPT).toContain(".pdf");
  });

  it("reads extensions", () => {
    expect(extensionOf("a.b.PNG")).toBe("png");
    expect(extensionOf(".hidden")).toBe("");
    expect(extensionOf("name.")).toBe("");
  });
});
