import './CheckboxField.css';

type Props = {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
};

/** A small box and its words, the whole line clickable (the sign-in page's "keep history"). */
export function CheckboxField({ label, checked, onChange }: Props) {
  return (
    <label className="checkbox-field">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
