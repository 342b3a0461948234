/** The card chunk: the card form's fields and their checks, loaded only by a form that offers the card. */
export { buildCardRequest } from './build-card-request.js';
export { renderCardFields } from './card-form-view.js';
export { styles as cardStyles } from './card-form.styles.js';
