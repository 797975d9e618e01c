/**
 * dvc-widgets: every element, defined on import. The script-tag bundle `dist/dvc-widgets.js`
 * is built from this file; npm users may import one element at a time instead
 * (`dvc-widgets/login-button`, …).
 */
export { DvcPortal } from './components/portal/portal.js';
export { DvcLoginButton } from './components/login-button/login-button.js';
export { DvcSignin } from './components/signin/signin.js';
export { DvcOtpInput } from './components/otp-input/otp-input.js';
export { DvcProfileSync } from './components/profile-sync/profile-sync.js';
export { DvcDossierTable } from './components/dossier-table/dossier-table.js';
export { DvcStatsDonut } from './components/stats-donut/stats-donut.js';
export { DvcProcessSteps } from './components/process-steps/process-steps.js';
export { DvcError, type ErrorCode } from './internal/errors.js';
export type { User, PortalConfig, SessionState } from './auth/types.js';
