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
  var explorer = GraphiQLPluginExplorer.explorerPlugin();
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      plugins: [explorer],
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: true,
    })
  );
})();
