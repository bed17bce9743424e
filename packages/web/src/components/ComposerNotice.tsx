import { AlertCircle } from 'lucide-react';

type Props = { text: string };

/** A line above the composer's text saying why it cannot be sent as it is (too long). */
export function ComposerNotice({ text }: Props) {
  return (
    <p className="composer__notice" role="alert">
      <AlertCircle size={14} aria-hidden="true" />
      <span>{text}</span>
    </p>
  );
}
