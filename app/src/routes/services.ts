/** The member services: 微心愿, 微心得, 意见建议, 书记信箱, 留言板 (reached from 首页's modules). */
import type { RouteRecordRaw } from "vue-router";

import { idProps } from "@/routes/props";

export const serviceRoutes: RouteRecordRaw[] = [
  {
    path: "/wishes",
    name: "wishes",
    component: () => import("@/views/services/WishesView.vue"),
    meta: { title: "微心愿" },
  },
  {
    path: "/wishes/:id(\\d+)",
    name: "wish",
    component: () => import("@/views/services/WishDetailView.vue"),
    props: idProps,
    meta: { title: "微心愿" },
  },
  {
    path: "/experiences",
    name: "experiences",
    component: () => import("@/views/services/ExperiencesView.vue"),
    meta: { title: "微心得" },
  },
  {
    path: "/experiences/new",
    name: "experience-new",
    component: () => import("@/views/services/ExperienceNewView.vue"),
    meta: { title: "写微心得" },
  },
  {
    path: "/suggestions",
    name: "suggestions",
    component: () => import("@/views/services/SuggestionsView.vue"),
    meta: { title: "意见建议" },
  },
  {
    path: "/letters",
    name: "letters",
    component: () => import("@/views/services/LettersView.vue"),
    meta: { title: "书记信箱" },
  },
  {
    path: "/board",
    name: "board",
    component: () => import("@/views/services/BoardView.vue"),
    meta: { title: "留言板" },
  },
];
