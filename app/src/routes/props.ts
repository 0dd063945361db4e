/** Props that route records hand their screens. */
import type { RouteLocationNormalized } from "vue-router";

/** A detail screen at ``…/:id(\\d+)`` gets its ``id`` as a number. */
export function idProps(route: RouteLocationNormalized): { id: number } {
  return { id: Number(route.params.id) };
}
