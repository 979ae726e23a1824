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
  // The page says how to log in (#login-hint) until it has a token, and again when the
  // service refuses the one it has (expired, or a user deactivated).
  var hint = document.getElementById("login-hint");
  document.getElementById("login-address").textContent = url + "#token=<token>";
  hint.hidden = Boolean(token);
  function refused() {
    document.getElementById("login-hint-title").textContent =
      "The token was refused (401): it has expired or is not valid here.";
    hint.hidden = false;
  }
  var fetcher = GraphiQL.createFetcher({
    url: url,
    headers: auth,
    fetch: function (input, init) {
      return window.fetch(input, init).then(function (response) {
        if (response.status === 401 && token) {
          refused();
        }
        return response;
      });
    },
    subscriptionUrl: url.replace(/^http/, "ws"),
    wsConnectionParams: auth,
  });
  var defaultQuery = [
    "# Bosetting API. Without a token every request is refused (401):",
    "# run `./bosetting users`, then `./bosetting token <user>` and open the address it prints",
    "# (" + url + "#token=<token>).",
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
