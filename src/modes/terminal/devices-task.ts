/**
 * The terminal list from `devices-url`, loaded by a lit Task on the element: the Task aborts a
 * load that a newer one replaces (or that the element asks to stop) and drops a stale answer.
 * It loads when its argument, the URL to load, changes; `undefined` (nothing to load) puts it
 * back to its initial state.
 */
import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import type { DeviceInfo } from '../../contract.js';
import { createMerchantApi } from '../../transport/merchant-api.js';
import type { DevicesState } from './device-picker-view.js';

export { devicesUrlToLoad } from './devices-url.js';

/** undefined: nothing loaded yet (the initial value). */
export type DevicesTask = Task<readonly [string | undefined], DeviceInfo[] | undefined>;

/**
 * @param url the list to load now, or undefined when none is needed
 * @param onLoaded called with each list that arrives (not with an aborted or stale one)
 */
export function devicesTask(host: ReactiveControllerHost, url: () => string | undefined, onLoaded: (devices: DeviceInfo[]) => void): DevicesTask {
  return new Task(host, {
    args: () => [url()] as const,
    task: async ([target], { signal }) => (target === undefined ? initialState : (await createMerchantApi().listDevices(target, signal)).devices),
    onComplete: (devices) => {
      if (devices !== undefined) onLoaded(devices);
    },
    // With an initial value the task takes the arguments it was made with as already loaded, so
    // it first runs when there is a URL to load, not on every element's first update.
    initialValue: undefined,
  });
}

/** What the picker shows for the task's state. */
export function devicesState(task: DevicesTask): DevicesState {
  switch (task.status) {
    case TaskStatus.PENDING:
      return { status: 'loading' };
    case TaskStatus.ERROR:
      return { status: 'failed' };
    case TaskStatus.COMPLETE:
      return task.value === undefined ? { status: 'idle' } : { status: 'loaded', devices: task.value };
    default:
      return { status: 'idle' };
  }
}

/** The terminal selected once a list is in: the one already chosen if listed, else the only one, else none. */
export function preselectedDevice(devices: readonly DeviceInfo[], selected: string): string {
  if (devices.some((device) => device.deviceId === selected)) return selected;
  return devices.length === 1 ? (devices[0]?.deviceId ?? '') : '';
}
