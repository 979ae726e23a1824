// GraphiQL for the bosetting API. The token comes from the page's fragment
// (#token=..., printed by `./bosetting token`), is kept in sessionStorage only,
// and is sent as a Bearer header on HTTP and in connection_init on websockets.
(function () {
  "use strict";
  var KEY = "bosetting.token";
  var fragment = new URLSearchParams(window.location.hash.slice(1));
  if (fragment.get("token")) {
    window.sessionStorage.setItem(KEY, fragment.get("token"));
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  // A new #token=... opened in the same tab is a same-document navigation: reload so that
  // the page starts over with the new identity instead of keeping the old one.
  window.addEventListener("hashchange", function () {
    if (new URLSearchParams(window.location.hash.slice(1)).get("token")) {
      window.location.reload();
    }
  });
  var token = window.sessionStorage.getItem(KEY);
  var auth = token ? { Authorization: "Bearer " + token } : {};
  var url = window.location.origin + window.location.pathname;
  var fetcher = GraphiQL.createFetcher({
    url: url,
    headers: auth,
    subscriptionUrl: url.replace(/^http/, "ws"),
    wsConnectionParams: auth,
  });
  var defaultQuery = [
    "# Bosetting API. Without a token every request is refused (401):",
    "# run `./bosetting users`, then `./bosetting token <user>` and open the address it prints.",
    "{",
    "  me {",
    "    navn",
    "    roller",
    "    organisasjon { type navn kommunenummer }",
    "  }",
    "}",
    "",
  ].join("\n");
  // A shareable query travels as ?q=... (not ?query=, which would run it instead).
  var shared = new URLSearchParams(window.location.search).get("q");
  var explorer = GraphiQLPluginExplorer.explorerPlugin();
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: shared || defaultQuery,
      query: shared || undefined,
      plugins: [explorer],
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: true,
    })
  );
})();
