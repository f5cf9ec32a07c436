// First-run setup (create the admin account) and sign-in, accounts mode only.
import { api } from "../api";
import { clear, field, h, message } from "../dom";
import { describeError } from "../errors";
import type { SignInResponse } from "../types";

export function showSignIn(root: HTMLElement, setupRequired: boolean, onSignedIn: (csrf: string) => void): void {
  clear(root);
  const name = h("input", { type: "text", name: "name", autocomplete: "username", required: true, autofocus: true });
  const password = h("input", {
    type: "password",
    name: "password",
    autocomplete: setupRequired ? "new-password" : "current-password",
    required: true,
  });
  const confirm = h("input", { type: "password", name: "confirm", autocomplete: "new-password", required: true });
  const setupCode = h("input", { type: "text", name: "setup_code", autocomplete: "off", required: true });
  const status = h("div", { class: "status" });
  const submit = h("button", { type: "submit" }, setupRequired ? "Create admin account" : "Sign in");
  const form = h(
    "form",
    { class: "card narrow", "aria-labelledby": "sign-in-title" },
    h("h1", { id: "sign-in-title" }, setupRequired ? "Welcome to flowfile" : "Sign in to flowfile"),
    setupRequired ? h("p", {}, "No account exists yet. Create the first one: it will be the admin.") : null,
    setupRequired
      ? field("Set-up code", setupCode, "Printed on the server's console when it started.")
      : null,
    field("Account name", name),
    field("Password", password, setupRequired ? "At least 8 characters." : undefined),
    setupRequired ? field("Repeat password", confirm) : null,
    status,
    submit,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clear(status);
    if (setupRequired && password.value !== confirm.value) {
      status.appendChild(message("error", "The passwords differ."));
      return;
    }
    if (setupRequired && password.value.length < 8) {
      status.appendChild(message("error", "Use at least 8 characters."));
      return;
    }
    submit.disabled = true;
    api
      .post<SignInResponse>(
        setupRequired ? "/api/setup" : "/api/login",
        setupRequired
          ? { name: name.value, password: password.value, setup_code: setupCode.value.trim() }
          : { name: name.value, password: password.value },
      )
      .then((signedIn) => onSignedIn(signedIn.csrf_token))
      .catch((error: unknown) => {
        status.appendChild(message("error", describeError(error)));
        submit.disabled = false;
      });
  });
  root.appendChild(h("main", { id: "main" }, form));
  (setupRequired ? setupCode : name).focus();
}
