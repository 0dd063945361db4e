/** Whom a letter of 书记信箱 can go to: the member's branch secretary, or the 书记信箱 of one of
 * the higher organisations (GET letters/addressees, top first). */
import type { components } from "@/api/schema";

type Addressee = components["schemas"]["AddresseeOut"];
type LetterIn = components["schemas"]["LetterIn"];

export interface RecipientOption {
  key: string;
  title: string;
  label: string;
  recipient_kind: LetterIn["recipient_kind"];
  addressee_id: number | null;
}

export function recipientOptions(addressees: Addressee[]): RecipientOption[] {
  return [
    {
      key: "branch",
      title: "本支部书记",
      label: "写给所在党支部的书记",
      recipient_kind: "branch_secretary",
      addressee_id: null,
    },
    ...addressees.map((addressee, index) => ({
      key: `mailbox-${addressee.id}`,
      title: `${addressee.name}书记信箱`,
      label: index === 0 ? "最上级党组织（管理部门）" : "上级党组织",
      recipient_kind: "mailbox" as const,
      addressee_id: addressee.id,
    })),
  ];
}

/** The body of POST letters/ for the chosen recipient. */
export function letterPayload(option: RecipientOption, subject: string, body: string): LetterIn {
  return {
    recipient_kind: option.recipient_kind,
    addressee_id: option.addressee_id,
    subject: subject.trim(),
    body: body.trim(),
  };
}
