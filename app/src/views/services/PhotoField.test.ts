import { mount } from "@vue/test-utils";
import Vant from "vant";
import { describe, expect, it, vi } from "vitest";
import { nextTick } from "vue";

import PhotoField from "@/views/services/PhotoField.vue";

describe("the photo field", () => {
  it("asks camera or album before the file dialog, and opens the camera for 拍照", async () => {
    const wrapper = mount(PhotoField, { global: { plugins: [Vant] }, attachTo: document.body });
    const input = wrapper.find<HTMLInputElement>('input[type="file"]').element;
    const opened = vi.fn();
    // Seen after the field's own handler (the click bubbles up to the document).
    const listener = (event: Event) => event.target === input && opened(event.defaultPrevented);
    document.addEventListener("click", listener);

    input.click();
    await nextTick();
    expect(opened).toHaveBeenLastCalledWith(true);
    expect(document.body.textContent).toContain("从相册选择");

    const camera = Array.from(document.querySelectorAll<HTMLElement>(".van-action-sheet__item")).find((item) =>
      item.textContent?.includes("拍照"),
    );
    camera?.click();
    expect(opened).toHaveBeenLastCalledWith(false);
    expect(input.getAttribute("capture")).toBe("environment");

    input.click();
    await nextTick();
    const album = Array.from(document.querySelectorAll<HTMLElement>(".van-action-sheet__item")).find((item) =>
      item.textContent?.includes("从相册选择"),
    );
    expect(opened).toHaveBeenLastCalledWith(true);
    expect(album).toBeDefined();
    album?.click();
    expect(opened).toHaveBeenLastCalledWith(false);
    expect(input.hasAttribute("capture")).toBe(false);
    document.removeEventListener("click", listener);
    wrapper.unmount();
  });
});
