/**
 * The 档案修改申请 form's logic: the form starts from the dossier's values (a masked one, the
 * mobile number, starts empty: the member types the whole new number), and the request carries
 * only what the member changed. The API names a refused value by its field, or ``changes.<field>``
 * when the request's shape was wrong.
 */
import type { components } from "@/api/schema";

export type ChangeField = components["schemas"]["ChangeRequestFieldOut"];

/** The form's starting values: the dossier's, but empty for masked fields. */
export function initialValues(fields: ChangeField[], dossier: object | null | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const current = dossierValue(dossier, field.field);
    values[field.field] = field.masked || typeof current !== "string" ? "" : current;
  }
  return values;
}

/** One field of the dossier (``MemberDossierOut``) by its name. */
export function dossierValue(dossier: object | null | undefined, field: string): unknown {
  return dossier ? (dossier as Record<string, unknown>)[field] : undefined;
}

/** The fields whose value the member changed, trimmed; an untouched masked field (empty) is not
 * a change. */
export function changedValues(
  fields: ChangeField[],
  initial: Record<string, string>,
  edited: Record<string, string>,
): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const field of fields) {
    const before = (initial[field.field] ?? "").trim();
    const after = (edited[field.field] ?? "").trim();
    if (field.masked && !after) continue;
    if (after !== before) changes[field.field] = after;
  }
  return changes;
}

/** The API's field errors by form field: ``changes.phone`` and ``phone`` are both ``phone``. */
export function fieldErrors(fields: Record<string, string[]>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, messages] of Object.entries(fields)) {
    const field = name.startsWith("changes.") ? name.slice("changes.".length) : name;
    errors[field] = [errors[field], ...messages].filter(Boolean).join("；");
  }
  return errors;
}

/** How a choice field shows a value: its label, or the value itself. */
export function choiceLabel(field: ChangeField, value: string): string {
  return field.choices.find((choice) => choice.value === value)?.label ?? value;
}
