/** 学习教育: courses and their lessons (the time on screen is recorded), exams with a countdown
 * and their results, and my branch's leaderboard (reached from 首页's 学习 entry). */
import type { RouteRecordRaw } from "vue-router";

import { idProps } from "@/routes/props";

export const learningRoutes: RouteRecordRaw[] = [
  {
    path: "/learning",
    name: "learning",
    component: () => import("@/views/learning/LearningView.vue"),
    meta: { title: "学习教育" },
  },
  {
    path: "/learning/courses/:id(\\d+)",
    name: "learning-course",
    component: () => import("@/views/learning/CourseView.vue"),
    props: idProps,
    meta: { title: "课程" },
  },
  {
    path: "/learning/lessons/:id(\\d+)",
    name: "learning-lesson",
    component: () => import("@/views/learning/LessonView.vue"),
    props: idProps,
    meta: { title: "课时学习" },
  },
  {
    path: "/learning/exams/:id(\\d+)",
    name: "learning-exam",
    component: () => import("@/views/learning/AttemptView.vue"),
    props: (route) => ({ examId: Number(route.params.id) }),
    meta: { title: "考试" },
  },
  {
    path: "/learning/attempts/:id(\\d+)",
    name: "learning-attempt",
    component: () => import("@/views/learning/AttemptView.vue"),
    props: (route) => ({ attemptId: Number(route.params.id) }),
    meta: { title: "考试" },
  },
];
