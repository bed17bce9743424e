import { Languages } from 'lucide-react';
import './LanguageSwitch.css';

type Props<L extends string> = {
  locales: readonly L[];
  names: Record<L, string>;
  value: L;
  onChange: (locale: L) => void;
  label: string;
};

/** A compact language picker for pages without settings (sign-in, sign-up). */
export function LanguageSwitch<L extends string>({ locales, names, value, onChange, label }: Props<L>) {
  return (
    <label className="lang-switch">
      <Languages size={16} aria-hidden="true" />
      <span className="visually-hidden">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as L)}>
        {locales.map((locale) => (
          <option key={locale} value={locale}>
            {names[locale]}
          </option>
        ))}
      </select>
    </label>
  );
}
