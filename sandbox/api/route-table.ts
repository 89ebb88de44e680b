/** One API route: a path pattern (':name' segments capture an id) and a handler name per method. */
export interface RouteDef<H> {
  pattern: readonly string[];
  methods: Partial<Record<'GET' | 'PUT' | 'PATCH' | 'POST', H>>;
}

/** The route whose pattern fits the path's segments (compared case-insensitively), with its captured ids. */
export function matchRoute<H>(
  routes: readonly RouteDef<H>[],
  segments: readonly string[],
): { route: RouteDef<H>; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = route.pattern.every((part, i) => {
      const segment = segments[i] as string;
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment;
        return true;
      }
      return part === segment.toLowerCase();
    });
    if (fits) return { route, params };
  }
  return undefined;
}
