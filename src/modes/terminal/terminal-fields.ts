/**
 * The terminal chunk: the device picker and the Task that loads the terminal list (with
 * @lit/task), loaded only by a form whose hand-off is a terminal.
 */
export { renderDevicePicker } from './device-picker-view.js';
export { devicesState, devicesTask, preselectedDevice } from './devices-task.js';
