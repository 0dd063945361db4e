import { beforeEach, describe, expect, it, vi } from "vitest";

const user = {
  id: 1,
  username: "dy0001",
  name: "张三",
  member_id: 1,
  is_administrator: false,
  is_superuser: false,
  administered_organisation: null,
  password_change_required: false,
  two_factor_enabled: false,
  two_factor_required: false,
};

describe("the member's session", () => {
  beforeEach(() => {
    localStorage.clear();
    vi.resetModules();
  });

  it("survives the app being closed and opened again", async () => {
    const first = await import("@/session");
    first.session.start("token-1", user);
    vi.resetModules();
    const second = await import("@/session");
    expect(second.session.token).toBe("token-1");
    expect(second.session.user?.name).toBe("张三");
  });

  it("is gone after it ends", async () => {
    const { session } = await import("@/session");
    session.start("token-1", user);
    session.end();
    expect(session.token).toBeNull();
    expect(localStorage.length).toBe(0);
  });

  it("shows 督查 only to those who administer an organisation", async () => {
    const { session } = await import("@/session");
    session.start("t", user);
    expect(session.actsOnSupervision.value).toBe(false);
    session.updateUser({ ...user, administered_organisation: { id: 2, name: "第一党支部" } as never });
    expect(session.actsOnSupervision.value).toBe(true);
  });
});
