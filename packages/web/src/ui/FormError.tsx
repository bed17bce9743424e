import { CircleAlert } from 'lucide-react';
import './FormError.css';

type Props = { message: string | null | undefined };

/** A failure that belongs to the whole form (wrong password, no network), above its button. */
export function FormError({ message }: Props) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      <CircleAlert size={16} aria-hidden="true" />
      <span>{message}</span>
    </p>
  );
}
