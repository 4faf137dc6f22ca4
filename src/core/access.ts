// Who sees which customers and who gives access (seed 002 §8.8: 业务经理只能查阅自己负责的客户档案; 销售经理以上可以
// 查阅所管辖区域或行业的档案). Everyone sees the customers they own or entered and those granted to them; the roles
// here add to that. The use cases check them (app/access.ts) and the server's row-level security is built from
// them (store/pgSchema.ts, revision 2: a change here needs a new revision there); a test checks both agree.

import type { Role } from './enums.js';

/** Who sees every customer (besides administrators): the general manager (总经理). */
export const SEES_ALL_ROLES: readonly Role[] = ['general-manager'];

/** Who may grant and revoke: the market manager (市场经理) and the general manager (总经理). */
export const GRANT_ROLES: readonly Role[] = ['market-manager', 'general-manager'];

/** Who may be given a region (sales managers and above, below the general manager, who sees every region). */
export const REGION_ROLES: readonly Role[] = ['sales-manager', 'market-manager'];
