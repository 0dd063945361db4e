/** 我的 and its screens (dossier, dues, meetings, recruitment, points). */
import type { RouteRecordRaw } from "vue-router";

export const mineRoutes: RouteRecordRaw[] = [
  {
    path: "/me",
    name: "mine",
    component: () => import("@/views/mine/MineView.vue"),
    meta: { tab: "mine", title: "我的" },
  },
];
