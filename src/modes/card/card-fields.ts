/** The card chunk: the card form's fields, loaded only by a form that offers the card. */
export { renderCardFields } from './card-form-view.js';
