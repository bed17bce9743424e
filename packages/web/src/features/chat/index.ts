// What the other features and the shells (app/, layouts/) may use of chat; the rest of the folder is its own.
export { ChatScreen } from './ChatScreen';
export { MessagesScreen } from './list/MessagesScreen';
