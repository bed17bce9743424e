import { AppMark } from './AppMark';
import './PanePlaceholder.css';

type Props = { text?: string };

/** The right pane with nothing chosen: the mark as a quiet watermark. */
export function PanePlaceholder({ text }: Props) {
  return (
    <div className="pane-placeholder">
      <AppMark size={88} muted />
      {text && <p>{text}</p>}
    </div>
  );
}
