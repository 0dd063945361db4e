/** 党建督查: the tasks and assignments of my organisation, responses, reviews, inspections. */
import type { RouteRecordRaw } from "vue-router";

export const supervisionRoutes: RouteRecordRaw[] = [
  {
    path: "/supervision",
    name: "supervision",
    component: () => import("@/views/supervision/SupervisionView.vue"),
    meta: { tab: "supervision", title: "党建督查" },
  },
];
