import { describe, expect, it } from "vitest";

import { fileIcon, fileTypeLabel, formatDuration } from "@/content/format";

describe("formatDuration", () => {
  it("shows minutes and seconds, and hours when there are some", () => {
    expect(formatDuration("00:12:30")).toBe("12:30");
    expect(formatDuration("01:02:03")).toBe("1:02:03");
    expect(formatDuration("1 02:00:00")).toBe("26:00:00");
    expect(formatDuration("05:09")).toBe("05:09");
    expect(formatDuration("00:00:07.500000")).toBe("00:07");
  });
  it("is empty for nothing or nonsense", () => {
    expect(formatDuration(null)).toBe("");
    expect(formatDuration("soon")).toBe("");
  });
});

describe("files", () => {
  it("labels and icons", () => {
    expect(fileTypeLabel("pdf")).toBe("PDF");
    expect(fileTypeLabel(".docx")).toBe("DOCX");
    expect(fileTypeLabel("")).toBe("文件");
    expect(fileIcon("JPG")).toBe("photo-o");
    expect(fileIcon("pdf")).toBe("description");
  });
});
