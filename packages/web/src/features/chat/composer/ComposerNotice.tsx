import { AlertCircle } from 'lucide-react';

type Props = { text: string };

/** Beside Send: why the text cannot be sent as it is (too long). */
export function ComposerNotice({ text }: Props) {
  return (
    <p className="composer__notice" role="alert">
      <AlertCircle size={14} aria-hidden="true" />
      <span>{text}</span>
    </p>
  );
}
