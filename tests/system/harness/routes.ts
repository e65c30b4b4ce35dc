import { OPERATIONS, type Operation } from '../../../worker/operations.ts';

/**
 * Every route of worker/operations.ts as a concrete request against the demo data: path
 * parameters filled in, a body the route would accept where it takes one.
 */
export interface RouteCall {
  op: Operation;
  method: string;
  path: string;
  body?: unknown;
  headers: Record<string, string>;
  /** The department whose data the route reaches through its path (null: none). */
  departmentParam: string | null;
}

export interface Params {
  planId: string;
  fy: number;
  departmentId: string;
  indicatorId: string;
  userId: string;
  tokenId: string;
}

function sampleBody(op: Operation, p: Params): unknown {
  if (op.rawBody) return 'a,b\r\n1,2\r\n';
  if (!op.body) return undefined;
  if (op.path.endsWith('/return')) return { comment: '確認してください' };
  if (op.bodyOptional) return {};
  if (op.method === 'patch' && op.path.includes('/submissions/'))
    return { actuals: [{ indicatorId: p.indicatorId, value: '999999', basis: 'year', footnotes: [] }] };
  if (op.path === '/api/plans') return { format: 'shinchoku/plan@1', plan: { id: 'intruder' } };
  if (op.path.endsWith('/versions')) return { baseVersion: 1, changes: [] };
  if (op.path.endsWith('/cycles')) return { fiscalYear: 2030 };
  if (op.path.endsWith('/tokens')) return { label: 'intruder' };
  if (op.path.startsWith('/api/admin/users')) return { displayName: 'intruder', role: 'admin' };
  if (op.path.startsWith('/api/admin/departments')) return { id: 'intruder', name: 'intruder' };
  return {};
}

export function routeCalls(p: Params): RouteCall[] {
  return OPERATIONS.filter((op) => op.roles !== 'public').map((op) => {
    const path = op.path
      .replace('{planId}', p.planId)
      .replace('{fy}', String(p.fy))
      .replace('{departmentId}', p.departmentId)
      .replace('{indicatorId}', p.indicatorId)
      .replace('{userId}', p.userId)
      .replace('{tokenId}', p.tokenId);
    const headers: Record<string, string> = {};
    for (const h of op.headers ?? []) if (h.startsWith('If-Match')) headers['If-Match'] = '"0"';
    if (op.rawBody) headers['Content-Type'] = 'text/csv';
    const body = sampleBody(op, p);
    return {
      op,
      method: op.method.toUpperCase(),
      path,
      headers,
      ...(body !== undefined ? { body } : {}),
      departmentParam: op.path.includes('/submissions/{departmentId}') ? p.departmentId : null,
    };
  });
}

export const label = (r: RouteCall) => `${r.method} ${r.op.path}`;
