/** 首页 and the content it leads to (notices, sections, articles). */
import type { RouteRecordRaw } from "vue-router";

export const homeRoutes: RouteRecordRaw[] = [
  {
    path: "/",
    name: "home",
    component: () => import("@/views/home/HomeView.vue"),
    meta: { tab: "home", title: "首页" },
  },
];
