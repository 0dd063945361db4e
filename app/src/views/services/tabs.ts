/** The open tab of a list screen kept in the address (``?tab=mine``), so that coming back from
 * a detail, or after posting, shows the same tab. */
import { computed, type WritableComputedRef } from "vue";
import { useRoute, useRouter } from "vue-router";

/** ``value`` when it is one of ``names``, else the first of them. */
export function tabFrom<T extends string>(value: unknown, names: readonly T[]): T {
  return typeof value === "string" && (names as readonly string[]).includes(value) ? (value as T) : names[0];
}

export function useQueryTab<T extends string>(names: readonly T[]): WritableComputedRef<T> {
  const route = useRoute();
  const router = useRouter();
  return computed({
    get: () => tabFrom(route.query.tab, names),
    set: (name: T) => {
      const query = { ...route.query, tab: name === names[0] ? undefined : name };
      void router.replace({ query });
    },
  });
}
