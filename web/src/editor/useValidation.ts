// Live validation while the user edits: each step that changed is checked with seed 000's
// validate-step (its config against the type's schema, its expressions against the steps
// that exist), and the whole graph with /validate (dangling links, cycles, unreachable
// steps, and every step's config). Both run a moment after the last change; answers to
// stale requests are dropped. The definition as loaded is checked by /validate alone, so
// opening a 250-step workflow costs one request, not 251.
import { useEffect, useRef, useState } from 'react';
import { ApiError, problemsOf, type Api } from '../api/client';
import type { Definition, Problem } from '../api/types';
import { stepOfPointer } from '../graph/convert';

export interface Problems {
  byStep: Record<string, string[]>;
  general: string[];
  checked: boolean;  // the latest definition has been checked
}

/// The config field a problem message is about: "(config/url…)" or "property 'url'".
export function fieldOf(message: string): string | undefined {
  return /\(config\/([^/)]+)/.exec(message)?.[1] ?? /property '([^']+)'/.exec(message)?.[1];
}

const describe = (p: Problem, rest: string) => (rest && rest !== '/config' ? `${p.message} (${rest.replace(/^\//, '')})` : p.message);

/// `loaded`: the editor opened a saved workflow (its first definition is checked by /validate alone).
export function useValidation(api: Api, def: Definition, loaded: boolean, delayMs = 300): Problems {
  const [stepProblems, setStepProblems] = useState<Record<string, string[]>>({});
  const [graph, setGraph] = useState<{ byStep: Record<string, string[]>; general: string[] }>({ byStep: {}, general: [] });
  const [checked, setChecked] = useState(false);
  const stepKeys = useRef<Record<string, string>>({});
  const generation = useRef(0);
  const primed = useRef(false);  // the loaded definition's steps are taken as checked
  const text = JSON.stringify(def);

  useEffect(() => {
    setChecked(false);
    const mine = ++generation.current;
    const timer = setTimeout(async () => {
      const ids = def.steps.map((s) => s.id);
      const keyOf = (s: Definition['steps'][number]) => JSON.stringify(s) + '|' + ids.join(',') + '|' + JSON.stringify(def.input_schema ?? null);
      if (loaded && !primed.current && def.steps.length) {
        primed.current = true;
        for (const s of def.steps) stepKeys.current[s.id] = keyOf(s);
      }
      // Per step: only those whose content (or the set of step ids) changed.
      const stepChecks = def.steps.map(async (s) => {
        const key = keyOf(s);
        if (stepKeys.current[s.id] === key) return;
        const { position: _p, ...step } = s;
        let found: string[] = [];
        try {
          await api.validateStep(step, { available_steps: ids.filter((i) => i !== s.id), input_schema: def.input_schema });
        } catch (e) {
          if (!(e instanceof ApiError) || e.code !== 'step_configuration_error') return;
          found = problemsOf(e).map((p) => describe(p, p.pointer ?? ''));
        }
        if (mine !== generation.current) return;
        stepKeys.current[s.id] = key;
        setStepProblems((old) => ({ ...old, [s.id]: found }));
      });
      const whole = api.validate(def).then((r) => {
        if (mine !== generation.current) return;
        const byStep: Record<string, string[]> = {};
        const general: string[] = [];
        for (const p of r.errors) {
          const { stepId, rest } = stepOfPointer(p.pointer, def);
          if (stepId) (byStep[stepId] ??= []).push(describe(p, rest));
          else general.push(p.pointer ? `${p.message} (${p.pointer})` : p.message);
        }
        setGraph({ byStep, general });
      }).catch(() => undefined);
      await Promise.all([...stepChecks, whole]);
      if (mine === generation.current) setChecked(true);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [api, text]); // eslint-disable-line react-hooks/exhaustive-deps

  const byStep: Record<string, string[]> = {};
  for (const s of def.steps) {
    const all = [...(stepProblems[s.id] ?? []), ...(graph.byStep[s.id] ?? [])];
    const unique = [...new Set(all)];
    if (unique.length) byStep[s.id] = unique;
  }
  return { byStep, general: graph.general, checked };
}
