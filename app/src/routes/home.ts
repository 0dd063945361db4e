/** 首页 and the content it leads to (notices, sections, articles, 制度建设/事务公开 pages). */
import type { RouteRecordRaw } from "vue-router";

import { idProps } from "@/routes/props";

export const homeRoutes: RouteRecordRaw[] = [
  {
    path: "/",
    name: "home",
    component: () => import("@/views/home/HomeView.vue"),
    meta: { tab: "home", title: "首页" },
  },
  {
    path: "/notices",
    name: "notices",
    component: () => import("@/views/home/NoticesView.vue"),
    meta: { title: "通知公告" },
  },
  {
    path: "/notices/:id(\\d+)",
    name: "notice",
    component: () => import("@/views/home/NoticeView.vue"),
    props: idProps,
    meta: { title: "通知公告" },
  },
  {
    // 通知公告 has its own screens (they record the reading).
    path: "/sections/notices",
    redirect: "/notices",
  },
  {
    path: "/sections/:sectionKey",
    name: "section",
    component: () => import("@/views/home/SectionView.vue"),
    props: true,
    meta: { title: "栏目" },
  },
  {
    path: "/articles/:id(\\d+)",
    name: "article",
    component: () => import("@/views/home/ArticleView.vue"),
    props: idProps,
    meta: { title: "文章" },
  },
  {
    path: "/org-pages/:id(\\d+)",
    name: "org-page",
    component: () => import("@/views/home/OrganisationPageView.vue"),
    props: idProps,
    meta: { title: "制度建设与事务公开" },
  },
];
