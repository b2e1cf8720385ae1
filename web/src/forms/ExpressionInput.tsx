// An expression field that completes paths as they are typed (the steps, and the keys their
// outputs had in the workflow's last run) and shows what a path read in that run.
import { createContext, useContext, useState } from 'react';
import { preview, suggestions, type ExpressionScope } from './suggest';

export const ExpressionScopeContext = createContext<ExpressionScope>({ stepIds: [], sample: {} });

export function ExpressionInput({ id, value, onChange, placeholder, label }:
  { id?: string; value: string; onChange: (text: string) => void; placeholder?: string; label?: string }) {
  const scope = useContext(ExpressionScopeContext);
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(0);
  const items = focused ? suggestions(value, scope) : [];
  const seen = preview(value, scope);
  const choose = (text: string) => { onChange(text); setActive(0); };
  return (
    <div className="expression-input">
      <input id={id} type="text" className="mono" aria-label={label} placeholder={placeholder} value={value} autoComplete="off"
        aria-autocomplete="list" aria-expanded={items.length > 0}
        onChange={(e) => { onChange(e.target.value); setActive(0); }} onFocus={() => setFocused(true)} onBlur={() => setTimeout(() => setFocused(false), 150)}
        onKeyDown={(e) => {
          if (!items.length) return;
          if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => (a + 1) % items.length); }
          if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => (a - 1 + items.length) % items.length); }
          if (e.key === 'Tab' || e.key === 'Enter') { e.preventDefault(); choose(items[active].text); }
          if (e.key === 'Escape') setFocused(false);
        }} />
      {items.length ? (
        <ul className="suggestions" role="listbox" data-testid="expression-suggestions">
          {items.map((s, i) => (
            <li key={s.label} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} onMouseDown={(e) => { e.preventDefault(); choose(s.text); }}>
              <span className="mono">{s.label}</span>{s.preview !== undefined ? <span className="hint"> {s.preview}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {seen !== undefined ? <span className="hint expression-preview" data-testid="expression-preview">last run: {seen}</span> : null}
    </div>
  );
}
