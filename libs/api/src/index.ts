export type { ApiContext, ChangeFeed, ExperimentHost } from './api-context';
export { createChangeFeed } from './create-change-feed';
export { appRouter } from './router/app-router';
export type { AppRouter } from './router/app-router';
export { createCallerFactory } from './router/trpc';
export type { ApiErrorData } from './router/format-api-error';
