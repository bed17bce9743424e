// What the other features and the shells (app/, layouts/) may use of settings; the rest of the folder is its own.
export { DevicesScreen } from './DevicesScreen';
export { GeneralScreen } from './GeneralScreen';
export { PasswordScreen } from './PasswordScreen';
export { ProfileSettingsScreen } from './ProfileSettingsScreen';
export { SettingsMenuScreen } from './SettingsMenuScreen';
