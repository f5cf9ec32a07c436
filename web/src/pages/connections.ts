// The Cloud Connections page: the list, a create/edit form whose fields
// follow the storage type and auth method, a connection test, and delete
// with confirmation. Secrets are password inputs that are never filled back.
import { api, connectionPath, connectionRules } from "../api";
import { authLabels, commonFieldInputs, fieldLabels, storageTypeLabels } from "../connection_fields";
import { append, clear, field, h, message } from "../dom";
import { describeError, errorField } from "../errors";
import type { Connection, ConnectionRules, TestResult } from "../types";

export function showConnectionsPage(main: HTMLElement): void {
  const list = h("div", { class: "list" });
  const editor = h("div", { class: "editor" });
  const status = h("div", { class: "status", "aria-live": "polite" });
  const newButton = h("button", { type: "button", onclick: () => openEditor(null) }, "New connection");
  append(
    main,
    h("div", { class: "page-head" }, h("h1", {}, "Cloud connections"), newButton),
    status,
    list,
    editor,
  );

  const refresh = async (): Promise<void> => {
    try {
      const { connections } = await api.get<{ connections: Connection[] }>("/api/connections");
      renderList(connections);
    } catch (error) {
      clear(list);
      list.appendChild(message("error", describeError(error)));
    }
  };

  const renderList = (connections: Connection[]): void => {
    clear(list);
    if (connections.length === 0) {
      list.appendChild(h("p", { class: "empty" }, "No connections yet. Create one, or from Python with ff.create_cloud_storage_connection."));
      return;
    }
    const body = h("tbody");
    for (const connection of connections) {
      const result = h("td", { class: "test-result" });
      body.appendChild(
        h(
          "tr",
          { "data-connection": connection.connection_name },
          h("th", { scope: "row" }, connection.connection_name),
          h("td", {}, connection.storage_type),
          h("td", {}, authLabels[connection.auth_method] ?? connection.auth_method),
          h("td", {}, connection.aws_region || connection.azure_account_name || connection.gcs_project_id || "—"),
          h("td", {}, connection.secrets_set.length > 0 ? connection.secrets_set.map((s) => `${s} ✓`).join(", ") : "none"),
          h(
            "td",
            { class: "actions" },
            h("button", { type: "button", class: "secondary", onclick: () => openEditor(connection) }, "Edit"),
            h("button", { type: "button", class: "secondary", onclick: () => void test(connection, result) }, "Test"),
            h("button", { type: "button", class: "danger", onclick: () => confirmDelete(connection) }, "Delete"),
          ),
          result,
        ),
      );
    }
    list.appendChild(
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["Name", "Storage", "Authentication", "Region / account", "Secrets", "Actions", "Test result"].map((title) =>
              h("th", { scope: "col" }, title),
            ),
          ),
        ),
        body,
      ),
    );
  };

  const test = async (connection: Connection, cell: HTMLElement): Promise<void> => {
    clear(cell);
    cell.appendChild(message("info", "Testing…"));
    try {
      const result = await api.post<TestResult>(`${connectionPath(connection.connection_name)}/test`, {});
      clear(cell);
      cell.appendChild(
        message(result.ok ? "ok" : "error", result.ok ? `Works: ${result.check}` : `Failed: ${result.message}`),
      );
    } catch (error) {
      clear(cell);
      cell.appendChild(message("error", describeError(error)));
    }
  };

  const confirmDelete = (connection: Connection): void => {
    const dialog = h(
      "dialog",
      { "aria-labelledby": "delete-title" },
      h("h2", { id: "delete-title" }, `Delete “${connection.connection_name}”?`),
      h("p", {}, "Flows that use it will stop working. This cannot be undone."),
    );
    const cancel = h("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, "Cancel");
    const remove = h(
      "button",
      {
        type: "button",
        class: "danger",
        onclick: () => {
          dialog.close();
          api
            .del(connectionPath(connection.connection_name))
            .then(() => {
              clear(status);
              status.appendChild(message("ok", `Deleted ${connection.connection_name}.`));
              return refresh();
            })
            .catch((error: unknown) => {
              clear(status);
              status.appendChild(message("error", describeError(error)));
            });
        },
      },
      "Delete",
    );
    dialog.appendChild(h("div", { class: "buttons" }, cancel, remove));
    dialog.addEventListener("close", () => dialog.remove());
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  };

  const openEditor = (existing: Connection | null): void => {
    clear(editor);
    connectionRules()
      .then((rules) => {
        clear(editor);
        editor.appendChild(
          buildForm(rules, existing, (saved) => {
            clear(editor);
            clear(status);
            status.appendChild(message("ok", `Saved ${saved}.`));
            void refresh();
          }, () => clear(editor)),
        );
        editor.querySelector<HTMLInputElement>("input, select")?.focus();
      })
      .catch((error: unknown) => {
        clear(editor);
        editor.appendChild(message("error", describeError(error)));
      });
  };

  void refresh();
  // Asked early so the form opens at once; a failure shows when it is opened.
  connectionRules().catch(() => undefined);
}

// The create/edit form, its fields as `rules` says for the chosen storage
// type and auth method. `onSaved` gets the saved name.
function buildForm(
  rules: ConnectionRules,
  existing: Connection | null,
  onSaved: (name: string) => void,
  onCancel: () => void,
): HTMLElement {
  const name = h("input", { type: "text", name: "connection_name", required: true, value: existing?.connection_name ?? "" });
  const storage = h("select", { name: "storage_type" });
  for (const type of rules.storage_types) {
    storage.appendChild(h("option", { value: type.value }, storageTypeLabels[type.value] ?? type.value));
  }
  storage.value = existing?.storage_type ?? rules.storage_types[0]?.value ?? "";
  const method = h("select", { name: "auth_method" });
  const dynamic = h("div", { class: "dynamic-fields" });
  const common = rules.common_optional.map((key) => {
    const look = commonFieldInputs[key];
    const stored = existing === null ? "" : storedValue(existing, key);
    const input = h("input", {
      type: look?.type ?? "text",
      name: key,
      value: typeof stored === "string" ? stored : "",
      placeholder: look?.placeholder,
    });
    return { key, input, row: field(fieldLabels[key] ?? key, input, look?.hint ?? "Optional.") };
  });
  const flags = rules.flags.map((flag) => {
    const input = h("input", { type: "checkbox", name: flag.name });
    input.id = `flag-${flag.name}`;
    const stored = existing === null ? undefined : storedValue(existing, flag.name);
    input.checked = typeof stored === "boolean" ? stored : flag.default;
    const row = h("div", { class: "check" }, input, h("label", { for: input.id }, fieldLabels[flag.name] ?? flag.name));
    return { name: flag.name, input, row };
  });
  const status = h("div", { class: "status" });
  const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
  const storageRule = () => rules.storage_types.find((type) => type.value === storage.value);
  const isTextField = (key: string): boolean => rules.text_fields.includes(key);

  const fillMethods = (): void => {
    const methods = storageRule()?.auth_methods ?? [];
    const current = method.value || existing?.auth_method || "";
    clear(method);
    for (const choice of methods) method.appendChild(h("option", { value: choice.value }, authLabels[choice.value] ?? choice.value));
    method.value = methods.some((choice) => choice.value === current) ? current : methods[0]?.value ?? "";
    const offered = storageRule()?.flags ?? [];
    for (const flag of flags) flag.row.hidden = !offered.includes(flag.name);
  };

  const fillFields = (): void => {
    const rule = storageRule()?.auth_methods.find((choice) => choice.value === method.value);
    clear(dynamic);
    inputs.clear();
    if (rule === undefined) return;
    for (const key of [...rule.required, ...rule.optional]) {
      const stored = existing === null ? "" : storedValue(existing, key);
      const input = h("input", {
        type: "text",
        name: key,
        value: typeof stored === "string" ? stored : "",
        required: rule.required.includes(key),
      });
      inputs.set(key, input);
      dynamic.appendChild(field(fieldLabels[key] ?? key, input, rule.required.includes(key) ? undefined : "Optional."));
    }
    for (const key of [...rule.secrets_required, ...rule.secrets_optional]) {
      const isSet = existing?.secrets_set.includes(key) ?? false;
      const input =
        key === "gcs_service_account_key"
          ? h("textarea", { name: key, rows: 4, autocomplete: "off", spellcheck: "false", class: "secret" })
          : h("input", { type: "password", name: key, autocomplete: "new-password" });
      input.setAttribute("placeholder", isSet ? "Stored — leave empty to keep" : "");
      inputs.set(key, input);
      const optional = rule.secrets_optional.includes(key);
      dynamic.appendChild(
        field(fieldLabels[key] ?? key, input, isSet ? "A value is stored; it is never shown." : optional ? "Optional." : undefined),
      );
    }
  };

  storage.addEventListener("change", () => {
    fillMethods();
    fillFields();
  });
  method.addEventListener("change", fillFields);
  fillMethods();
  if (existing !== null) method.value = existing.auth_method;
  fillFields();

  const save = h("button", { type: "submit" }, existing === null ? "Create connection" : "Save changes");
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "editor-title" },
    h("h2", { id: "editor-title" }, existing === null ? "New connection" : `Edit ${existing.connection_name}`),
    field("Connection name", name),
    h("div", { class: "row" }, field("Storage type", storage), field("Authentication", method)),
    dynamic,
    ...common.map((entry) => entry.row),
    ...flags.map((flag) => flag.row),
    status,
    h("div", { class: "buttons" }, h("button", { type: "button", class: "secondary", onclick: onCancel }, "Cancel"), save),
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clear(status);
    for (const element of form.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
    const body: Record<string, string | boolean> = {
      connection_name: name.value.trim(),
      storage_type: storage.value,
      auth_method: method.value,
    };
    for (const entry of common) body[entry.key] = entry.input.value.trim();
    const offered = storageRule()?.flags ?? [];
    for (const flag of flags) if (offered.includes(flag.name)) body[flag.name] = flag.input.checked;
    // Text fields the chosen method does not show are cleared, so a switch
    // of auth method leaves nothing behind that validation would refuse.
    for (const key of rules.text_fields) if (!rules.common_optional.includes(key)) body[key] = "";
    for (const [key, input] of inputs) {
      const value = input.value.trim();
      if (isTextField(key)) body[key] = value;
      else if (value !== "") body[key] = input.value;
    }
    save.disabled = true;
    const done = async (): Promise<void> => {
      if (existing === null) {
        await api.post("/api/connections", body);
      } else {
        let current = existing.connection_name;
        if (body.connection_name !== current) {
          await api.post(`${connectionPath(current)}/rename`, { new_name: body.connection_name });
          current = String(body.connection_name);
        }
        await api.patch(connectionPath(current), body);
      }
    };
    done()
      .then(() => onSaved(String(body.connection_name)))
      .catch((error: unknown) => {
        save.disabled = false;
        status.appendChild(message("error", describeError(error)));
        const bad = errorField(error);
        const target = bad ? form.querySelector<HTMLElement>(`[name="${CSS.escape(bad)}"]`) : null;
        if (target) {
          target.setAttribute("aria-invalid", "true");
          target.focus();
        }
      });
  });
  return form;
}

// A stored public field of `connection` by its API name (text or flag).
function storedValue(connection: Connection, key: string): unknown {
  const fields: Record<string, unknown> = { ...connection };
  return fields[key];
}
