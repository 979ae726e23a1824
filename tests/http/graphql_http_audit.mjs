// Runs the GraphQL-over-HTTP spec's own audit suite (npm package graphql-http) against a
// running server, with a bearer token, and prints the results as JSON.
// Usage: node graphql_http_audit.mjs <path to graphql-http> <url> <token>
const [, , modulePath, url, token] = process.argv;
const { auditServer } = await import(`${modulePath}/lib/index.mjs`);
const withToken = (input, init = {}) => {
  const headers = new Headers(init.headers || {});
  headers.set("authorization", `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};
const results = await auditServer({ url, fetchFn: withToken });
console.log(
  JSON.stringify(
    results.map((r) => ({ id: r.id, name: r.name, status: r.status, reason: r.reason ?? null }))
  )
);
