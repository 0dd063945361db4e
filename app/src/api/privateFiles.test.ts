import { describe, expect, it } from "vitest";

import { downloadName } from "@/api/privateFiles";

describe("downloadName", () => {
  it("adds the file's extension to its title", () => {
    expect(downloadName("/files/abc/document.pdf", "思想汇报")).toBe("思想汇报.pdf");
    expect(downloadName("/files/abc/document.pdf", "思想汇报.PDF")).toBe("思想汇报.PDF");
    expect(downloadName("/files/abc/document", "思想汇报")).toBe("思想汇报");
  });
});
