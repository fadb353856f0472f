// oidc-provider prints "Unsupported runtime. Use Node.js v22.x LTS…" when it loads on Node 20, which
// access-guard supports and on which these tests pass. Imported before oidc-provider (ES modules
// evaluate in import order), this drops that one message, and nothing else, while it loads.
const RUNTIME_WARNING = 'oidc-provider WARNING: Unsupported runtime.';
const warn = console.warn;

console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes(RUNTIME_WARNING)) return;
  warn(...args);
};
// The whole import graph evaluates before any microtask runs: restore console.warn after it.
queueMicrotask(() => {
  console.warn = warn;
});

export {};
