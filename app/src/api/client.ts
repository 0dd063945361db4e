/**
 * The typed client of /api/app/ (openapi-fetch over the types generated from the committed
 * schema, app/src/api/schema.d.ts): a change to the API that breaks a call fails `vue-tsc`.
 *
 * Every call carries the member's bearer token; a 401 on anything but sign-in ends the session
 * and sends the member to 登录, which returns to where they were (router.ts).
 */
import createClient, { type Middleware } from "openapi-fetch";

import { ApiFailure, NetworkFailure, failureFrom } from "@/api/errors";
import type { paths } from "@/api/schema";
import { OFFLINE_COPY_HEADER } from "@/pwa/offline-copies";
import { session } from "@/session";

const SIGN_IN_PATH = "/api/app/auth/token";

let onSessionExpired: (failure: ApiFailure) => void = () => undefined;

/** Set by the router: what to do when the server no longer accepts the token. */
export function setSessionExpiredHandler(handler: (failure: ApiFailure) => void): void {
  onSessionExpired = handler;
}

const authMiddleware: Middleware = {
  onRequest({ request }) {
    if (session.token) request.headers.set("Authorization", `Bearer ${session.token}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(authMiddleware);

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The data of a successful call, or a thrown ApiFailure / NetworkFailure.
 *
 *     const me = await call(api.GET("/api/app/me/"));
 */
export async function call<T>(request: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await request;
  } catch {
    throw new NetworkFailure();
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const failure = failureFrom(response.status, error);
  if (response.status === 401 && !new URL(response.url, location.href).pathname.startsWith(SIGN_IN_PATH)) {
    session.end();
    onSessionExpired(failure);
  }
  throw failure;
}

/**
 * Like :func:`call`, and whether the answer is the service worker's saved copy (the phone is
 * offline): screens that can be read offline (a notice, an article) mark it as such.
 */
export async function callWithOffline<T>(request: Promise<Result<T>>): Promise<{ data: T; offline: boolean }> {
  let offline = false;
  const data = await call(
    request.then((result) => {
      offline = result.response.headers.get(OFFLINE_COPY_HEADER) === "1";
      return result;
    }),
  );
  return { data, offline };
}

/** A multipart upload (photos, attachments), which openapi-fetch would send as JSON. */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = {};
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let response: Response;
  try {
    response = await fetch(path, { method: "POST", body: form, headers });
  } catch {
    throw new NetworkFailure();
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const failure = failureFrom(response.status, body);
  if (response.status === 401) {
    session.end();
    onSessionExpired(failure);
  }
  throw failure;
}
