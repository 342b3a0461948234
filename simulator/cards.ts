/**
 * Test cards. A PAN lives only for the duration of one request: the simulator keeps and
 * answers with the masked number, never the full one (PCI), and never logs either.
 */
import { ReturnCode } from '../server/paynet/index.js';
import { luhnValid } from '../src/modes/card/luhn.js';
import type { CardDecline } from './state.js';

export type CardBrand = 'visa' | 'mastercard' | 'troy';
export const CARD_BRANDS: readonly CardBrand[] = ['visa', 'mastercard', 'troy'];

export interface PresentedCard {
  brand: CardBrand;
  pan: string;
  holder: string;
  cardType: 'CREDIT' | 'DEBIT';
}

/** The card the simulated phone or terminal "reads" when the control API approves with `card`. */
export const PRESENTED_CARDS: Readonly<Record<CardBrand, PresentedCard>> = {
  visa: { brand: 'visa', pan: '4355084355084358', holder: 'SIM TEST VISA', cardType: 'CREDIT' },
  mastercard: { brand: 'mastercard', pan: '5406675406675403', holder: 'SIM TEST MASTERCARD', cardType: 'CREDIT' },
  troy: { brand: 'troy', pan: '9792030394440796', holder: 'SIM TEST TROY', cardType: 'DEBIT' },
};

export type CardOutcome = { approved: true } | ({ approved: false } & CardDecline);

/**
 * Documented in docs/paynet-simulator.md: every other Luhn-valid PAN approves. `resultCode` is
 * what a decline written as an error carries (quirk `declines: "error"`): 1 unsuccessful for
 * a refusal by the bank, 18 wrongcarddata for a card that cannot be used as given.
 */
const DECLINING_PANS: ReadonlyMap<string, CardOutcome> = new Map<string, CardOutcome>([
  [
    '4000000000000002',
    { approved: false, paynetErrorId: '2051', paynetErrorMessage: 'Yetersiz bakiye', bankErrorId: '51', bankErrorMessage: 'Insufficient funds', resultCode: ReturnCode.unsuccessful },
  ],
  [
    '4000000000000069',
    { approved: false, paynetErrorId: '2054', paynetErrorMessage: 'Kartın son kullanma tarihi geçmiş', bankErrorId: '54', bankErrorMessage: 'Expired card', resultCode: ReturnCode.wrongcarddata },
  ],
]);

export function outcomeForPan(pan: string): CardOutcome {
  return DECLINING_PANS.get(pan) ?? { approved: true };
}

/** A PAN as the simulator takes it: 12–19 ASCII digits with a valid Luhn check digit. */
export function isLuhnValid(pan: string): boolean {
  return /^\d{12,19}$/.test(pan) && luhnValid(pan);
}

/** "4355084355084358" → "435508******4358": first six and last four, as Paynet masks. */
export function maskPan(pan: string): string {
  return `${pan.slice(0, 6)}${'*'.repeat(Math.max(0, pan.length - 10))}${pan.slice(-4)}`;
}
