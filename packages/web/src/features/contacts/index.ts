// What the other features and the shells (app/, layouts/) may use of contacts; the rest of the folder is its own.
export { AddFriendScreen } from './AddFriendScreen';
export { BlockedScreen } from './BlockedScreen';
export { ContactScreen } from './ContactScreen';
export { FriendsListScreen } from './FriendsListScreen';
export { groupContacts, pendingIncomingCount } from './friendsModel';
export { NewFriendsScreen } from './NewFriendsScreen';
