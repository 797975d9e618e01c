// dvc-widgets/vue: every element's props in Vue's GlobalComponents, as Vue's template checker
// (vue-tsc, Volar) sees them.
import type { GlobalComponents } from 'vue';
import type { DvcDossierTableProps, DvcOtpInputProps } from 'dvc-widgets/vue';

type Props<K extends keyof GlobalComponents> = InstanceType<GlobalComponents[K]>['$props'];

export const table: Props<'dvc-dossier-table'> = { source: 'mine', 'page-size': 10, onDvcDossierSelect: (e) => console.log(e.detail.dossier.code) };
export const otp: DvcOtpInputProps = { length: 6, locked: true, onDvcOtpComplete: (e) => console.log(e.detail.code) };
export const sameTable: DvcDossierTableProps = table;
export const every: (keyof GlobalComponents)[] = [
  'dvc-portal', 'dvc-login-button', 'dvc-signin', 'dvc-otp-input', 'dvc-profile-sync', 'dvc-dossier-table', 'dvc-stats-donut', 'dvc-process-steps',
];
