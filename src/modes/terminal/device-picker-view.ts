/** The POS terminal picker shown in the form for handoff="device". */
import { html, type TemplateResult } from 'lit';
import type { DeviceInfo } from '../../contract.js';
import type { Strings } from '../../i18n/strings.js';

/** The terminal list as fetched from `devices-url`. */
export type DevicesState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; devices: DeviceInfo[] }
  | { status: 'failed' };

export interface DevicePickerProps {
  strings: Strings;
  devices: DevicesState;
  /** A list is on its way even though no request has started yet (shows "loading", not "none"). */
  listExpected: boolean;
  /** The `device-id` attribute: shown as the terminal when there is no list to pick from. */
  deviceId: string | undefined;
  selectedDevice: string;
  onSelect: (deviceId: string) => void;
  onRetry: () => void;
}

export function renderDevicePicker(props: DevicePickerProps): TemplateResult {
  const { strings: s, devices, selectedDevice } = props;
  if (devices.status === 'loading' || (devices.status === 'idle' && props.listExpected)) {
    return html`<p class="muted">${s.devicesLoading}</p>`;
  }
  if (devices.status === 'failed') {
    return html`<div class="field">
      <p class="error">${s.devicesFailed}</p>
      <button type="button" @click=${() => props.onRetry()}>${s.devicesRetry}</button>
    </div>`;
  }
  const list = devices.status === 'loaded' ? devices.devices : [];
  if (list.length === 0 && props.deviceId !== undefined && props.deviceId !== '') {
    return html`<dl class="summary"><dt>${s.deviceLabel}</dt><dd>${props.deviceId}</dd></dl>`;
  }
  if (list.length === 0) return html`<p class="muted">${s.devicesEmpty}</p>`;
  return html`<div class="field">
    <label for="device">${s.deviceLabel}</label>
    <select
      id="device"
      part="device-select"
      @change=${(event: Event) => {
        props.onSelect((event.target as HTMLSelectElement).value);
      }}
    >
      <option value="" ?selected=${selectedDevice === ''} disabled>—</option>
      ${list.map(
        (device) => html`<option value=${device.deviceId} ?selected=${device.deviceId === selectedDevice}>
          ${device.label} (${device.deviceId})
        </option>`,
      )}
    </select>
  </div>`;
}
