/** 党代表: the representatives of my constituency, and a representative's own 履职 screen
 * (联系党员群众 activities and 提案建议), reached from 我的. */
import type { RouteRecordRaw } from "vue-router";

import { idProps } from "@/routes/props";

export const representativeRoutes: RouteRecordRaw[] = [
  {
    path: "/representatives",
    name: "representatives",
    component: () => import("@/views/representatives/RepresentativesView.vue"),
    meta: { tab: "mine", title: "党代表" },
  },
  {
    path: "/representatives/:id(\\d+)",
    name: "representative-work",
    component: () => import("@/views/representatives/RepresentativeWorkView.vue"),
    props: idProps,
    meta: { tab: "mine", title: "党代表履职" },
  },
];
