/** Whether the form needs the terminal list: asked before the terminal chunk is loaded, so on its own. */
import type { HandoffPreference } from '../../flow/types.js';

/** The terminal list to load: handoff="device" with a devices-url (without one, device-id names the terminal). */
export function devicesUrlToLoad(settings: { handoff: HandoffPreference; devicesUrl: string | undefined }): string | undefined {
  return settings.handoff === 'device' && settings.devicesUrl !== undefined && settings.devicesUrl !== '' ? settings.devicesUrl : undefined;
}
