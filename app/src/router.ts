/**
 * The app's screens, one route module per area (routes/*.ts), at /app/… (history mode: Django
 * answers every /app/ address with the app, partysite.views.app_shell).
 *
 * A screen is for signed-in members unless ``meta.public``; a member who is not signed in, or
 * whose session expires, goes to 登录 with ``next`` and comes back after signing in. An account
 * that must change its first password is kept on 修改密码 until it has.
 */
import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";

import { setSessionExpiredHandler } from "@/api/client";
import { homeRoutes } from "@/routes/home";
import { learningRoutes } from "@/routes/learning";
import { messageRoutes } from "@/routes/messages";
import { mineRoutes } from "@/routes/mine";
import { representativeRoutes } from "@/routes/representatives";
import { serviceRoutes } from "@/routes/services";
import { supervisionRoutes } from "@/routes/supervision";
import { session } from "@/session";
import { refreshUnread } from "@/stores/unread";

declare module "vue-router" {
  interface RouteMeta {
    /** Open without signing in. */
    public?: boolean;
    /** The bottom tab this screen belongs to (shows the tab bar). */
    tab?: "home" | "messages" | "supervision" | "mine";
    /** The browser tab's title. */
    title?: string;
  }
}

export const APP_BASE = "/app/";

const routes: RouteRecordRaw[] = [
  {
    path: "/login",
    name: "login",
    component: () => import("@/views/LoginView.vue"),
    meta: { public: true, title: "登录" },
  },
  {
    path: "/password/forgot",
    name: "password-forgot",
    component: () => import("@/views/PasswordForgotView.vue"),
    meta: { public: true, title: "忘记密码" },
  },
  {
    path: "/password",
    name: "password-change",
    component: () => import("@/views/PasswordChangeView.vue"),
    meta: { title: "修改密码" },
  },
  ...homeRoutes,
  ...messageRoutes,
  ...supervisionRoutes,
  ...mineRoutes,
  ...serviceRoutes,
  ...representativeRoutes,
  ...learningRoutes,
  {
    path: "/offline",
    name: "offline",
    component: () => import("@/views/OfflineView.vue"),
    meta: { public: true, title: "离线" },
  },
  {
    path: "/:unknown(.*)*",
    name: "not-found",
    component: () => import("@/views/NotFoundView.vue"),
    meta: { public: true, title: "页面不存在" },
  },
];

export const router = createRouter({
  history: createWebHistory(APP_BASE),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

router.beforeEach((to) => {
  if (!to.meta.public && !session.token) {
    return { name: "login", query: to.fullPath === "/" ? {} : { next: to.fullPath } };
  }
  if (session.user?.password_change_required && to.name !== "password-change" && !to.meta.public) {
    return { name: "password-change", query: { first: "1" } };
  }
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 智慧党建` : "智慧党建";
  void refreshUnread();
});

setSessionExpiredHandler(async () => {
  // A 401 while the app is still opening (the launch's whoami) belongs to the screen it opens.
  await router.isReady();
  const current = router.currentRoute.value;
  if (current.meta.public) return;
  void router.replace({ name: "login", query: { next: current.fullPath, expired: "1" } });
});
