'use client';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { createDashboardApi, type DashboardApi } from './dashboard-api';

const ApiContext = createContext<DashboardApi | undefined>(undefined);

/** Gives every client component the one {@link DashboardApi} of the page. */
export function ApiProvider({ children }: { children: ReactNode }) {
  const api = useMemo(() => createDashboardApi(), []);
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useDashboardApi(): DashboardApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useDashboardApi must be used inside <ApiProvider>');
  return api;
}
