/**
 * Turns the form fields a step's view model asks for into form rows: each change goes back as one answer patch.
 * The only state kept here is the text being typed into a list field before enter adds it.
 */
import { useState } from 'react';
import type { AnswersInput } from '../src/plan/answers';
import type { PrincipalFacts } from '../src/plan/snapshot';
import type { ViewField } from '../steps/shared/contract';
import type { FormRow } from './use-form';
import { matchRows, usePrincipalLookup } from './use-principal-lookup';

type Patch = (patch: Partial<AnswersInput>) => void;

const NO_LOOKUP = async (): Promise<PrincipalFacts[]> => [];

/**
 * The rows, and the lookup of the list field that looks principals up (one per form): the screen shows its
 * notes (looking, no match) under the form.
 */
export function useViewFields(
  fields: readonly ViewField[],
  onAnswer: Patch,
  onLookup: (text: string) => Promise<PrincipalFacts[]> = NO_LOOKUP,
): FormRow[] & { lookup?: ReturnType<typeof usePrincipalLookup> } {
  const [typing, setTyping] = useState<Record<string, string>>({});
  const looked = fields.find((f) => f.kind === 'list' && f.lookup === 'principals');
  const addLooked = (ref: string) => {
    if (looked?.kind !== 'list') return;
    if (!looked.value.includes(ref)) set(looked, [...looked.value, ref]);
    setTyping((all) => ({ ...all, [looked.answer]: '' }));
    found.clear();
  };
  const found = usePrincipalLookup(onLookup, addLooked);
  const set = (f: ViewField, value: unknown) => onAnswer({ [f.answer]: value } as Partial<AnswersInput>);
  const rowsOf = (f: ViewField): FormRow[] => {
    const base = { id: f.answer, label: f.label, hint: f.hint };
    switch (f.kind) {
      case 'toggle':
        return [{ ...base, kind: 'toggle', value: f.value, onChange: (v) => set(f, v) }];
      case 'choice':
        return [{ ...base, kind: 'choice', value: f.value, options: f.options, onChange: (v) => set(f, v) }];
      case 'text':
        return [{ ...base, kind: 'text', value: f.value, onChange: (v) => set(f, v || undefined) }];
      case 'set':
        return f.options.map(
          (o): FormRow => ({
            id: `${f.answer}:${o.value}`,
            kind: 'toggle',
            label: o.label,
            value: f.value.includes(o.value),
            onChange: (on) => set(f, on ? [...f.value, o.value] : f.value.filter((x) => x !== o.value)),
          }),
        );
      case 'list': {
        const text = typing[f.answer] ?? '';
        const lookup = f === looked;
        const add = () => {
          const t = text.trim();
          if (t && !f.value.includes(t)) set(f, [...f.value, t]);
          setTyping((all) => ({ ...all, [f.answer]: '' }));
        };
        return [
          {
            ...base,
            kind: 'text',
            value: text,
            onChange: (v) => {
              setTyping((all) => ({ ...all, [f.answer]: v }));
              if (lookup) found.clear();
            },
            onSubmit: lookup ? () => found.lookup(text) : add,
          },
          ...(lookup ? matchRows(found, addLooked) : []),
          ...f.value.map(
            (item): FormRow => ({
              id: `${f.answer}:${item}`,
              kind: 'item',
              label: `  ${f.itemLabel}`,
              value: item,
              onRemove: () =>
                set(
                  f,
                  f.value.filter((x) => x !== item),
                ),
            }),
          ),
        ];
      }
    }
  };
  return Object.assign(fields.flatMap(rowsOf), { lookup: looked ? found : undefined });
}
