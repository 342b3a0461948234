/** Adyen Web's stylesheet, imported for its side effect; the bundler emits it as a CSS file. */
declare module '@adyen/adyen-web/styles/adyen.css';
