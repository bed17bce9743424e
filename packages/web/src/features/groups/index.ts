// What the other features and the shells (app/, layouts/) may use of groups; the rest of the folder is its own.
export { CreateGroupDialog } from './CreateGroupDialog';
export { GroupInfo } from './GroupInfo';
export { GroupsListScreen } from './GroupsListScreen';
export { MemberGrid } from './MemberGrid';
