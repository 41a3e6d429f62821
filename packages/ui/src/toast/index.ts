export { ToastProvider, ToastRegion, useToast } from "./Toast";
export type { ToastApi, ToastMessage, ToastTone } from "./Toast";
