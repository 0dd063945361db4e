/** 我的消息. */
import type { RouteRecordRaw } from "vue-router";

export const messageRoutes: RouteRecordRaw[] = [
  {
    path: "/messages",
    name: "messages",
    component: () => import("@/views/messages/MessagesView.vue"),
    meta: { tab: "messages", title: "我的消息" },
  },
];
