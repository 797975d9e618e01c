// dvc-widgets/server: backend mode (PRODUCT.md "Backend mode: dvc-widgets/server").
export { createBackend, safeReturnTo } from './backend.js';
export type { Backend, BackendEndpoints, BackendOptions } from './backend.js';
export { toNodeHandler } from './node.js';
export type { User } from '../auth/types.js';
