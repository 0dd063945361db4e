/**
 * The signed-in member: the app API's bearer token and the account it belongs to.
 *
 * Kept in localStorage so that the installed app stays signed in between launches, as members
 * expect of a phone app. Why a bearer token and not the session cookie: docs/architecture.md,
 * "Member app". The token ends by itself (idle and absolute lifetimes on the server), at sign-out
 * (revoked), and whenever the API answers 401 (see api/client.ts).
 */
import { computed, reactive } from "vue";

import type { components } from "@/api/schema";

export type User = components["schemas"]["UserOut"];

const STORAGE_KEY = "dangjian.session";

interface Stored {
  token: string;
  user: User;
}

function load(): Stored | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

const state = reactive<{ token: string | null; user: User | null }>({ token: null, user: null });
const stored = load();
if (stored) {
  state.token = stored.token;
  state.user = stored.user;
}

function save(): void {
  if (state.token && state.user) {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ token: state.token, user: state.user }));
  } else {
    localStorage.removeItem(STORAGE_KEY);
  }
}

export const session = {
  get token(): string | null {
    return state.token;
  },
  get user(): User | null {
    return state.user;
  },
  signedIn: computed(() => state.token !== null),
  /** Whether the 督查 tab is shown: supervision is acted on by those who administer an
   * organisation (the branch that responds, the committee that issues and reviews), and the
   * superuser, who sees every organisation. */
  actsOnSupervision: computed(() =>
    Boolean(state.user?.administered_organisation || state.user?.is_superuser),
  ),
  start(token: string, user: User): void {
    state.token = token;
    state.user = user;
    save();
  },
  updateUser(user: User): void {
    state.user = user;
    save();
  },
  /** Forget the token (already revoked or expired on the server). */
  end(): void {
    state.token = null;
    state.user = null;
    save();
  },
};
