/** 党建督查: the tasks and assignments of my organisation, responses, reviews, inspections.
 * The four lists are tabs of one screen, each at its own address (a link or a message opens
 * the right one); a task and an assignment open on their own screens. */
import type { RouteRecordRaw } from "vue-router";

import { idProps } from "@/routes/props";

const lists = () => import("@/views/supervision/SupervisionView.vue");

export const supervisionRoutes: RouteRecordRaw[] = [
  {
    path: "/supervision",
    name: "supervision",
    component: lists,
    meta: { tab: "supervision", title: "党建督查" },
  },
  {
    path: "/supervision/all",
    name: "supervision-all",
    component: lists,
    meta: { tab: "supervision", title: "全部督查任务" },
  },
  {
    path: "/supervision/tasks",
    name: "supervision-tasks",
    component: lists,
    meta: { tab: "supervision", title: "下发的任务" },
  },
  {
    path: "/supervision/inspections",
    name: "supervision-inspections",
    component: lists,
    meta: { tab: "supervision", title: "随机抽查" },
  },
  {
    path: "/supervision/tasks/:id(\\d+)",
    name: "supervision-task",
    component: () => import("@/views/supervision/TaskView.vue"),
    props: idProps,
    meta: { title: "督查任务" },
  },
  {
    path: "/supervision/assignments/:id(\\d+)",
    name: "supervision-assignment",
    component: () => import("@/views/supervision/AssignmentView.vue"),
    props: idProps,
    meta: { title: "督查反馈" },
  },
];
