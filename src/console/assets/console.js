// The order console's only script (served as is, no build step). It keeps the page
// live (re-fetches it and swaps the #live part), opens an operation's detail panel,
// and asks before every action, showing the API's error when one fails.
// @ts-check
"use strict";

(() => {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** While a dialog is open the page stands still, so what is being confirmed cannot move. */
  let paused = false;
  /** @type {string | undefined} */
  let selectedOperation;
  /** @type {HTMLButtonElement | undefined} */
  let pendingAction;

  const live = () => document.getElementById("live");
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById("confirm"));
  const slot = (/** @type {string} */ name) => /** @type {HTMLElement} */ (dialog.querySelector(`[data-slot="${name}"]`));

  function schedule() {
    clearTimeout(timer);
    const ms = Number(live()?.dataset.refreshMs);
    if (ms > 0) timer = setTimeout(refresh, ms);
  }

  async function refresh() {
    const current = live();
    const editing = document.activeElement instanceof HTMLSelectElement && current?.contains(document.activeElement);
    if (current && !paused && !editing && document.visibilityState !== "hidden") {
      try {
        const response = await fetch(location.href, { headers: { accept: "text/html" }, cache: "no-store" });
        const next = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("live");
        if (next && !paused) {
          if (next.innerHTML !== current.innerHTML) current.innerHTML = next.innerHTML;
          if (next.dataset.refreshMs) current.dataset.refreshMs = next.dataset.refreshMs;
          else delete current.dataset.refreshMs;
          markSelected();
        }
      } catch {
        // The next round tries again; the page keeps what it last showed.
      }
    }
    schedule();
  }

  function refreshNow() {
    clearTimeout(timer);
    void refresh();
  }

  // ------------------------------------------------------------ filters
  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) target.form?.submit();
  });

  // ------------------------------------------------------------ timeline detail
  function markSelected() {
    for (const row of document.querySelectorAll(".tl-row")) {
      row.classList.toggle("selected", row instanceof HTMLElement && row.dataset.opId === selectedOperation);
    }
  }

  /** @param {HTMLElement} row */
  async function openDetail(row) {
    const panel = /** @type {HTMLElement} */ (document.getElementById("detail"));
    selectedOperation = row.dataset.opId;
    markSelected();
    panel.hidden = false;
    panel.textContent = "Loading…";
    try {
      const response = await fetch(row.dataset.detailUrl ?? "", { headers: { accept: "text/html" } });
      panel.innerHTML = await response.text();
    } catch (error) {
      panel.textContent = `Cannot load the operation: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  function closeDetail() {
    const panel = /** @type {HTMLElement} */ (document.getElementById("detail"));
    panel.hidden = true;
    panel.textContent = "";
    selectedOperation = undefined;
    markSelected();
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const row = target.closest(".tl-row");
    if (row instanceof HTMLElement) return void openDetail(row);
    if (target.closest("[data-close-detail]")) return closeDetail();
    const action = target.closest("button[data-action]");
    if (action instanceof HTMLButtonElement) askFirst(action);
  });

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target instanceof HTMLElement && target.classList.contains("tl-row")) {
      event.preventDefault();
      void openDetail(target);
    }
    if (event.key === "Escape" && !dialog.open) closeDetail();
  });

  // ------------------------------------------------------------ actions
  /** @param {HTMLButtonElement} button */
  function askFirst(button) {
    pendingAction = button;
    const reasonMode = button.dataset.reason;
    const reason = /** @type {HTMLTextAreaElement} */ (dialog.querySelector("textarea"));
    slot("title").textContent = button.dataset.confirmTitle ?? "Are you sure?";
    slot("text").textContent = button.dataset.confirmText ?? "";
    slot("reason-label").hidden = reasonMode === undefined;
    slot("reason-note").textContent = reasonMode === "required" ? "(required)" : "(optional)";
    reason.value = "";
    reason.required = reasonMode === "required";
    slot("confirm").textContent = button.textContent ?? "Confirm";
    slot("confirm").className = button.classList.contains("danger") ? "danger" : "primary";
    showError(undefined);
    setBusy(false);
    paused = true;
    dialog.showModal();
  }

  /** @param {{ title?: string, detail?: string, hint?: string } | undefined} error */
  function showError(error) {
    const box = slot("error");
    box.hidden = !error;
    box.replaceChildren();
    if (!error) return;
    const title = document.createElement("strong");
    title.textContent = error.title ?? "The action failed";
    const detail = document.createElement("code");
    detail.textContent = error.detail ?? "";
    box.append(title, document.createElement("br"), detail);
    if (error.hint) {
      const hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = error.hint;
      box.append(hint);
    }
  }

  /** @param {boolean} busy */
  function setBusy(busy) {
    for (const button of dialog.querySelectorAll("button")) button.disabled = busy;
  }

  dialog.addEventListener("close", () => {
    paused = false;
    pendingAction = undefined;
    schedule();
  });

  dialog.querySelector("form")?.addEventListener("submit", async (event) => {
    const submitter = /** @type {SubmitEvent} */ (event).submitter;
    if (!(submitter instanceof HTMLButtonElement) || submitter.value !== "confirm" || !pendingAction) return;
    event.preventDefault();
    const button = pendingAction;
    const reason = /** @type {HTMLTextAreaElement} */ (dialog.querySelector("textarea")).value.trim();
    if (button.dataset.reason === "required" && reason === "") return showError({ title: "A reason is needed", detail: "Say why, for the order's record." });
    const body = { ...JSON.parse(button.dataset.body ?? "{}"), ...(reason ? { reason } : {}) };
    setBusy(true);
    try {
      const response = await fetch(button.dataset.url ?? "", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        setBusy(false);
        return showError(answer.error ?? { title: `The console answered HTTP ${response.status}` });
      }
      dialog.close();
      flash(answer.message ?? "Done.");
      refreshNow();
    } catch (error) {
      setBusy(false);
      showError({ title: "The console did not answer", detail: error instanceof Error ? error.message : String(error) });
    }
  });

  /** @param {string} message */
  function flash(message) {
    const box = /** @type {HTMLElement} */ (document.getElementById("flash"));
    box.textContent = message;
    box.hidden = false;
    setTimeout(() => (box.hidden = true), 6000);
  }

  schedule();
})();
