// What the other features and the shells (app/, layouts/) may use of search; the rest of the folder is its own.
export { ListSearchBar } from './ListSearchBar';
export { adjacentConversation, searchChatsAndContacts } from './listModel';
export { QuickSwitcherScreen } from './QuickSwitcherScreen';
export { SearchResults } from './SearchResults';
export { useListSearch } from './useListSearch';
