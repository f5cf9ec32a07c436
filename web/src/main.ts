// Starts the UI: asks the server who we are, then shows first-run setup,
// sign-in, or the app (connections and flow pages, by URL hash).
import "./styles.css";
import { api, setCsrfToken } from "./api";
import { append, clear, h, message } from "./dom";
import { describeError } from "./errors";
import { showConnectionsPage } from "./pages/connections";
import { showFlowPage } from "./pages/flow";
import { showSignIn } from "./pages/sign_in";
import type { SessionInfo } from "./types";

const root = document.getElementById("app") as HTMLElement;

async function start(): Promise<void> {
  clear(root);
  let session: SessionInfo;
  try {
    session = await api.get<SessionInfo>("/api/session");
  } catch (error) {
    append(root, message("error", describeError(error)));
    return;
  }
  if (!session.signed_in) {
    showSignIn(root, session.setup_required, (token) => {
      setCsrfToken(token);
      void start();
    });
    return;
  }
  setCsrfToken(session.csrf_token ?? "");
  showApp(session);
}

function showApp(session: SessionInfo): void {
  const main = h("main", { id: "main", tabindex: "-1" });
  const links = [
    { hash: "#/connections", label: "Connections" },
    { hash: "#/flow", label: "Flow" },
  ];
  const nav = h("nav", { "aria-label": "Pages" });
  for (const link of links) nav.appendChild(h("a", { href: link.hash, "data-hash": link.hash }, link.label));
  const signOut =
    session.mode === "accounts"
      ? h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: () => {
              void api.post("/api/logout").finally(() => {
                setCsrfToken("");
                void start();
              });
            },
          },
          "Sign out",
        )
      : null;
  const header = h(
    "header",
    { class: "topbar" },
    h("span", { class: "brand" }, "flowfile"),
    nav,
    h("span", { class: "user" }, session.mode === "accounts" ? `Signed in as ${session.user?.name ?? ""}` : "Local mode"),
    signOut,
  );
  append(root, h("a", { class: "skip", href: "#main" }, "Skip to content"), header, main);

  const route = (): void => {
    const hash = location.hash === "" ? "#/connections" : location.hash;
    for (const anchor of nav.querySelectorAll("a")) {
      if (anchor.dataset.hash === hash) anchor.setAttribute("aria-current", "page");
      else anchor.removeAttribute("aria-current");
    }
    clear(main);
    if (hash === "#/flow") showFlowPage(main);
    else showConnectionsPage(main);
  };
  window.onhashchange = route;
  route();
}

void start();
