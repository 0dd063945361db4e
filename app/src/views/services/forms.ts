/** The API's refusals of a form, spread over its fields (``error-message`` of each van-field). */
import { ApiFailure } from "@/api/errors";

/**
 * Put the refusal's field messages into ``target`` (cleared first), a field the form has not
 * mapped onto the one that shows it (``aliases``: API field → form field). Returns the message to
 * show as a toast when none of the messages lands on a shown field, else "".
 */
export function spreadFieldErrors(
  target: Record<string, string>,
  failure: ApiFailure,
  shown: readonly string[],
  aliases: Record<string, string> = {},
): string {
  clearFieldErrors(target);
  let landed = false;
  for (const field of Object.keys(failure.fields)) {
    const name = aliases[field] ?? field;
    const message = failure.fieldMessage(field);
    if (!shown.includes(name) || !message) continue;
    target[name] = target[name] ? `${target[name]}；${message}` : message;
    landed = true;
  }
  return landed ? "" : failure.message;
}

export function clearFieldErrors(target: Record<string, string>): void {
  Object.keys(target).forEach((key) => delete target[key]);
}
