// What the other features and the shells (app/, layouts/) may use of auth; the rest of the folder is its own.
export { QrConfirmScreen } from './QrConfirmScreen';
export { ScanScreen } from './ScanScreen';
export { SignInScreen } from './SignInScreen';
export { SignUpScreen } from './SignUpScreen';
