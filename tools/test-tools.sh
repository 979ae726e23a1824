# Sourced by ./test: the npm packages the tests drive (pinned), kept in var/node.
GRAPHQL_HTTP_VERSION=1.22.4
if [ ! -f "$ROOT/var/node/node_modules/graphql-http/package.json" ] ||
    ! grep -q "\"version\": \"$GRAPHQL_HTTP_VERSION\"" "$ROOT/var/node/node_modules/graphql-http/package.json"; then
    if command -v npm >/dev/null 2>&1; then
        echo "bootstrap: installing graphql-http@$GRAPHQL_HTTP_VERSION (the GraphQL-over-HTTP audit suite)" >&2
        mkdir -p "$ROOT/var/node"
        (cd "$ROOT/var/node" && npm install --no-audit --no-fund --silent \
            "graphql-http@$GRAPHQL_HTTP_VERSION" "graphql@16.9.0" >&2)
    else
        echo "warning: no npm: the GraphQL-over-HTTP audit test will fail" >&2
    fi
fi
