/** What the card form holds while it is typed: in the first script, which keeps the draft; checked by validate-card.ts, in the card chunk. */
export type CardField = 'holder' | 'number' | 'expiry' | 'cvc';
export type CardFieldError = 'empty' | 'invalid' | 'past';

export interface CardDraft {
  holder: string;
  number: string;
  expiry: string;
  cvc: string;
}

export function emptyCardDraft(): CardDraft {
  return { holder: '', number: '', expiry: '', cvc: '' };
}
