import { ToastProvider } from "@postroom/ui";
import { Outlet } from "@tanstack/react-router";

/** Every page shares one live region for the outcome of actions. */
export function RootLayout() {
  return (
    <ToastProvider>
      <Outlet />
    </ToastProvider>
  );
}
