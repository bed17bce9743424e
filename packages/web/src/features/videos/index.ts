// What the other features and the shells (app/, layouts/) may use of videos; the rest of the folder is its own.
export { ChatVideoPlayer } from './ChatVideoPlayer';
export { ContactVideos } from './ContactVideos';
export { ShareVideoDialog } from './ShareVideoDialog';
export { VideosMenuScreen } from './VideosMenuScreen';
export { VideosScreen } from './VideosScreen';
export { formatDuration } from './videoFiles';
