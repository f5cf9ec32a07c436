// A <dialog> shown as a modal the way keyboard users need it: focus moves
// in on open, Tab and Shift+Tab wrap inside it (Chromium lets Tab leave a
// modal dialog for the page's end), and on close focus goes back to the
// control that opened it, or to the page's main area when that control is
// gone (a deleted row's button).
import { onBeforeUnmount, onMounted, type Ref } from "vue";

const focusable =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function tabStops(dialog: HTMLDialogElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(focusable)].filter(
    // Visible, and not inside a dialog nested in this one (it traps its own).
    (el) => el.getClientRects().length > 0 && el.closest("dialog") === dialog,
  );
}

// Keeps Tab inside `dialog`; a dialog nested in it handles its own keys.
function trapTab(dialog: HTMLDialogElement, event: KeyboardEvent): void {
  if (event.key !== "Tab" || event.defaultPrevented) return;
  if (event.target instanceof Element && event.target.closest("dialog") !== dialog) return;
  const stops = tabStops(dialog);
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (first === undefined || last === undefined) return;
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && stops.includes(active);
  if (event.shiftKey && (!inside || active === first)) {
    last.focus();
    event.preventDefault();
  } else if (!event.shiftKey && (!inside || active === last)) {
    first.focus();
    event.preventDefault();
  }
}

// Shows `dialog` as a modal when the component mounts, focusing `initial`
// (else the dialog's first control), and gives focus back when it unmounts.
export function useModalDialog(
  dialog: Ref<HTMLDialogElement | null>,
  initial: () => HTMLElement | null | undefined = () => undefined,
): void {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const onKey = (event: KeyboardEvent): void => {
    if (dialog.value !== null) trapTab(dialog.value, event);
  };
  onMounted(() => {
    const element = dialog.value;
    if (element === null) return;
    element.addEventListener("keydown", onKey);
    element.showModal();
    (initial() ?? tabStops(element)[0])?.focus();
  });
  onBeforeUnmount(() => {
    dialog.value?.removeEventListener("keydown", onKey);
    // After the dialog has left the page: the opener is focusable again.
    setTimeout(() => {
      const now = document.activeElement;
      if (now !== null && now !== document.body && now.isConnected) return; // moved on purpose
      const back = opener?.isConnected === true ? opener : document.querySelector<HTMLElement>("main");
      back?.focus();
    });
  });
}
