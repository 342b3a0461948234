/**
 * The "Demo settings" form and what a setup does to the page: each setting maps one-to-one
 * onto an attribute of the shop's element, and the theme onto `<html data-theme>`, which
 * demo.css reads the way a shop's own stylesheet would.
 */
import type { DemoLang } from './strings.js';
import { setupFrom, type DemoSetup } from './setup.js';

/** The cart's total in index.html, as the element's fixed amount. */
const CART_AMOUNT = '149.90';

function checkedValue(form: HTMLElement, name: string): string | null {
  return form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? null;
}

function check(form: HTMLElement, name: string, value: string): void {
  const radio = form.querySelector<HTMLInputElement>(`input[name="${name}"][value="${value}"]`);
  if (radio) radio.checked = true;
}

/**
 * The setup the form shows; its inputs are named as the setup's keys. The language is not in
 * the form: the TR/EN switch holds it.
 */
export function formSetup(form: HTMLElement, lang: DemoLang): DemoSetup {
  return setupFrom((key) => {
    switch (key) {
      case 'lang':
        return lang;
      case 'card':
        return form.querySelector<HTMLInputElement>('input[name="card"]')?.checked === true ? '1' : '0';
      default:
        return checkedValue(form, key);
    }
  });
}

export function showSetup(form: HTMLElement, setup: DemoSetup): void {
  check(form, 'handoff', setup.handoff);
  check(form, 'amount', setup.amount);
  check(form, 'theme', setup.theme);
  const card = form.querySelector<HTMLInputElement>('input[name="card"]');
  if (card) card.checked = setup.card;
}

/** Sets the element's attributes and the page's theme; the language is the caller's (it renders strings). */
export function applySetup(checkout: HTMLElement, setup: DemoSetup): void {
  checkout.setAttribute('handoff', setup.handoff);
  if (setup.amount === 'cart') checkout.setAttribute('amount', CART_AMOUNT);
  else checkout.removeAttribute('amount');
  if (setup.card) checkout.setAttribute('methods', 'paypos card');
  else checkout.removeAttribute('methods');
  const root = document.documentElement;
  if (setup.theme === 'auto') delete root.dataset.theme;
  else root.dataset.theme = setup.theme;
}
