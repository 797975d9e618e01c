// The two names of Vue 3 that dvc-widgets/vue augments and uses, so that its types are checked
// here without installing Vue (the shapes are Vue's: an interface to merge, a component type).
export interface GlobalComponents {}
export type DefineComponent<Props = {}> = new (...args: unknown[]) => { $props: Props };
