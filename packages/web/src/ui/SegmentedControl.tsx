import type { ReactNode } from 'react';
import './SegmentedControl.css';

type Option<T extends string> = { value: T; label: string; icon?: ReactNode };

type Props<T extends string> = {
  /** The group's accessible name. */
  label: string;
  options: readonly Option<T>[];
  value: T;
  onChange: (value: T) => void;
};

/** A row of mutually exclusive choices (a radio group that looks like buttons). */
export function SegmentedControl<T extends string>({ label, options, value, onChange }: Props<T>) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((option) => (
        // biome-ignore lint/a11y/useSemanticElements: a styled radio button; role and state are set
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          className="segmented__option"
          onClick={() => onChange(option.value)}
        >
          {option.icon}
          {option.label}
        </button>
      ))}
    </div>
  );
}
