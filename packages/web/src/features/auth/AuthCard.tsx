import type { ReactNode } from 'react';
import { AppMark } from '../../ui/AppMark';
import './AuthCard.css';

type Props = {
  title: string;
  subtitle: string;
  children: ReactNode;
  /** The line under the card ("New to Liao? Create an account"). */
  footer: ReactNode;
  /** Top-right corner (the language switch). */
  corner?: ReactNode;
};

/** The centred card of the sign-in and sign-up pages, with the app mark. */
export function AuthCard({ title, subtitle, children, footer, corner }: Props) {
  return (
    <main className="auth">
      {corner && <div className="auth__corner">{corner}</div>}
      <div className="auth__card">
        <AppMark size={56} className="auth__mark" />
        <h1 className="auth__title">{title}</h1>
        <p className="auth__subtitle">{subtitle}</p>
        {children}
      </div>
      <p className="auth__footer">{footer}</p>
    </main>
  );
}
