import { bootstrapApplication } from '@angular/platform-browser';
import { provideBrowserGlobalErrorListeners } from '@angular/core';
import { CheckoutPage } from './app/checkout-page';

bootstrapApplication(CheckoutPage, { providers: [provideBrowserGlobalErrorListeners()] }).catch((error: unknown) => console.error(error));
