/** 我的 and its screens (dossier, change requests, my branch, dues, meetings, recruitment, points, 流动党员). */
import type { RouteRecordRaw } from "vue-router";

import { idProps } from "@/routes/props";

export const mineRoutes: RouteRecordRaw[] = [
  {
    path: "/me",
    name: "mine",
    component: () => import("@/views/mine/MineView.vue"),
    meta: { tab: "mine", title: "我的" },
  },
  {
    path: "/me/dossier",
    name: "mine-dossier",
    component: () => import("@/views/mine/DossierView.vue"),
    meta: { tab: "mine", title: "我的档案" },
  },
  {
    path: "/me/change-requests",
    name: "mine-change-requests",
    component: () => import("@/views/mine/ChangeRequestsView.vue"),
    meta: { tab: "mine", title: "档案修改申请" },
  },
  {
    path: "/me/dues",
    name: "mine-dues",
    component: () => import("@/views/mine/DuesView.vue"),
    meta: { tab: "mine", title: "我的党费" },
  },
  {
    path: "/me/meetings",
    name: "mine-meetings",
    component: () => import("@/views/mine/MeetingsView.vue"),
    meta: { tab: "mine", title: "我的会议" },
  },
  {
    path: "/me/meetings/:id(\\d+)",
    name: "mine-meeting",
    component: () => import("@/views/mine/MeetingDetailView.vue"),
    props: idProps,
    meta: { tab: "mine", title: "会议详情" },
  },
  {
    path: "/me/recruitment",
    name: "mine-recruitment",
    component: () => import("@/views/mine/RecruitmentView.vue"),
    meta: { tab: "mine", title: "我的入党进程" },
  },
  {
    path: "/me/branch",
    name: "mine-branch",
    component: () => import("@/views/mine/BranchView.vue"),
    meta: { tab: "mine", title: "我的支部" },
  },
  {
    path: "/me/mobility",
    name: "mine-mobility",
    component: () => import("@/views/mine/MobilityView.vue"),
    meta: { tab: "mine", title: "流动党员登记" },
  },
  {
    path: "/me/points",
    name: "mine-points",
    component: () => import("@/views/mine/PointsView.vue"),
    meta: { tab: "mine", title: "我的积分" },
  },
];
