// Hash routing of index.html ("#/list?status=unreviewed", "#/item/<uuid>", …):
// pure parsing and building, so routes are unit-tested without a browser.

export type RouteName = 'list' | 'item' | 'stats' | 'queue' | 'report' | 'import' | 'print' | 'settings' | 'welcome';

export interface Route {
  name: RouteName;
  /** the id of `#/item/<id>` */
  id?: string;
  params: Record<string, string>;
}

const NAMES: RouteName[] = ['list', 'item', 'stats', 'queue', 'report', 'import', 'print', 'settings', 'welcome'];

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const q = text.indexOf('?');
  const path = q < 0 ? text : text.slice(0, q);
  const query = q < 0 ? '' : text.slice(q + 1);
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) if (v !== '') params[k] = v;
  const [head, ...rest] = path.split('/').filter(Boolean);
  const name = (NAMES as string[]).includes(head) ? (head as RouteName) : 'list';
  if (name === 'item') {
    const id = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
    return id ? { name, id, params } : { name: 'list', params };
  }
  return { name, params };
}

export function buildHash(name: RouteName, params: Record<string, string | number | undefined | null> = {}, id?: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return `#/${name}${id ? `/${encodeURIComponent(id)}` : ''}${qs ? `?${qs}` : ''}`;
}
