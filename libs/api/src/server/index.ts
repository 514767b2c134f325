// The Node server of the router (HTTP + SSE, worker-thread experiment host): see the open issue.
export {};
