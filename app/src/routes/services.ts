/** The member services: 微心愿, 微心得, 意见建议, 书记信箱, 留言板. */
import type { RouteRecordRaw } from "vue-router";

export const serviceRoutes: RouteRecordRaw[] = [];
