import { describe, expect, it } from "vitest";

import { type ChangeField, changedValues, choiceLabel, fieldErrors, initialValues } from "@/views/mine/changes";

const FIELDS: ChangeField[] = [
  { field: "phone", label: "手机号码", max_length: 11, choices: [], masked: true },
  { field: "employer", label: "工作单位", max_length: 200, choices: [], masked: false },
  {
    field: "education",
    label: "学历",
    max_length: 30,
    choices: [
      { value: "bachelor", label: "大学本科" },
      { value: "college", label: "大学专科" },
    ],
    masked: false,
  },
];

const DOSSIER = { phone: "139****1002", employer: "县退休干部管理中心", education: "college", name: "赖廷贵" };

describe("the change request form", () => {
  it("starts from the dossier, masked fields empty", () => {
    expect(initialValues(FIELDS, DOSSIER)).toEqual({ phone: "", employer: "县退休干部管理中心", education: "college" });
    expect(initialValues(FIELDS, null)).toEqual({ phone: "", employer: "", education: "" });
  });

  it("sends only what changed, trimmed", () => {
    const initial = initialValues(FIELDS, DOSSIER);
    expect(changedValues(FIELDS, initial, { ...initial })).toEqual({});
    expect(changedValues(FIELDS, initial, { ...initial, employer: " 县人民医院 ", phone: "13912345678" })).toEqual({
      employer: "县人民医院",
      phone: "13912345678",
    });
    expect(changedValues(FIELDS, initial, { ...initial, education: "bachelor" })).toEqual({ education: "bachelor" });
  });

  it("lets a member clear a field but never a masked one by leaving it empty", () => {
    const initial = initialValues(FIELDS, DOSSIER);
    expect(changedValues(FIELDS, initial, { ...initial, employer: "" })).toEqual({ employer: "" });
    expect(changedValues(FIELDS, initial, { ...initial, phone: "  " })).toEqual({});
  });

  it("puts the API's errors on the form's fields", () => {
    expect(fieldErrors({ phone: ["手机号码：格式不正确"], "changes.employer": ["过长"] })).toEqual({
      phone: "手机号码：格式不正确",
      employer: "过长",
    });
    expect(fieldErrors({ phone: ["一"], "changes.phone": ["二"] })).toEqual({ phone: "一；二" });
  });

  it("shows a choice by its label", () => {
    expect(choiceLabel(FIELDS[2], "bachelor")).toBe("大学本科");
    expect(choiceLabel(FIELDS[2], "")).toBe("");
  });
});
